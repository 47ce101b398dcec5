#!/usr/bin/env bash
# Builds the local cluster's images without a registry or Docker engine, as image tarballs
# that both `ctr images import` (OCI layout) and Jib's `tar://` base image (docker-save
# manifest.json) read:
#   mailfleet.local/pause:3.10     the pod sandbox: a static C program (node/pause.c)
#   mailfleet.local/java-base:17   a minimal Debian bookworm root filesystem (mmdebstrap)
#                                  plus a jlink'ed Java 17 runtime in /opt/java
# Tarballs are cached under $cache_root/images and rebuilt only when their inputs change.
#
# Sourced by node.sh (images_build, images_import). Run directly:
#   images.sh [build]           build what is stale; print the tarball paths (a Jib base image
#                               is `tar://<path of java-base-17.tar>`)
#   images.sh import TARBALL... import image tarballs (Jib's buildTar, docker save, OCI) into
#                               the running node's containerd, named as the tarball names them
#   images.sh import-project    import the operator's and the MTA's images that the Maven build
#                               made (operator/target/jib-image.tar, mta-image/target/jib-image.tar)
set -euo pipefail
images_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$images_here/lib.sh"

images_dir="$cache_root/images"
pause_image="mailfleet.local/pause:3.10"
java_base_image="mailfleet.local/java-base:17"
java_base_suite="bookworm"
# Modules of the Java runtime: what a Netty MTA, the AWS SDK, Jackson and logback need, plus
# diagnostics (jcmd, JFR) and jdk.httpserver (the operator's /metrics, /healthz, /readyz).
# Adding one rebuilds the image.
java_base_modules="java.base,java.compiler,java.instrument,java.logging,java.management,\
java.naming,java.net.http,jdk.httpserver,java.scripting,java.security.jgss,java.security.sasl,java.sql,\
java.xml,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jcmd,jdk.jfr,jdk.localedata,\
jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs"

# The sandbox image containerd's CRI starts every pod with.
images_pause_ref() { echo "$pause_image"; }

# Installs Debian packages that provide the named commands, or stops naming the package.
images_require() { # command:package...
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ $EUID -eq 0 ]] || die "missing Debian packages: ${missing[*]} (run as root or install them)"
  log "installing ${missing[*]}"
  apt_install "${missing[@]}"
}

# apt-get install that waits for a concurrent apt and refreshes the package lists once.
apt_install() {
  local opts=(-y -q -o DPkg::Lock::Timeout=600 --no-install-recommends)
  DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@" >/dev/null 2>&1 && return 0
  apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" "$@" >/dev/null 2>&1 ||
    die "apt-get could not install: $*"
}

# The JDK whose jmods jlink links the runtime from (Debian's openjdk-17-jdk-headless).
images_jdk_home() {
  local home=/usr/lib/jvm/java-17-openjdk-amd64
  if [[ ! -x "$home/bin/jlink" || ! -f "$home/jmods/java.base.jmod" ]]; then
    [[ $EUID -eq 0 ]] || die "missing Debian package: openjdk-17-jdk-headless (jlink and jmods)"
    log "installing openjdk-17-jdk-headless"
    apt_install openjdk-17-jdk-headless
  fi
  echo "$home"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Packs a directory into a reproducible gzipped layer blob under $blobs; prints
# "<diff id> <blob digest> <blob size>".
images_layer() { # dir blobs
  local dir="$1" blobs="$2" tmp diff_id digest
  tmp="$(mktemp "$blobs/.layer.XXXXXX")"
  tar --sort=name --mtime=@0 --numeric-owner --xattrs --exclude='./dev/*' \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$dir" -cf "$tmp.tar" .
  diff_id="$(sha256_of "$tmp.tar")"
  gzip -n -6 -c "$tmp.tar" >"$tmp"
  rm -f "$tmp.tar"
  digest="$(sha256_of "$tmp")"
  mv "$tmp" "$blobs/$digest"
  echo "$diff_id $digest $(stat -c %s "$blobs/$digest")"
}

# Writes a JSON blob under $blobs; prints "<digest> <size>".
images_blob() { # blobs json
  local blobs="$1" json="$2" tmp digest
  tmp="$(mktemp "$blobs/.blob.XXXXXX")"
  printf '%s' "$json" >"$tmp"
  digest="$(sha256_of "$tmp")"
  mv "$tmp" "$blobs/$digest"
  echo "$digest $(stat -c %s "$blobs/$digest")"
}

# Assembles an image tarball from layer directories.
# config_json is the image's runtime config object ({"Env":[...],"Entrypoint":[...]}).
images_pack() { # name:tag out.tar config_json layer_dir...
  local ref="$1" out="$2" runtime_config="$3"
  shift 3
  local work blobs diff_ids=() layers=() layer_files=() line diff_id digest size
  work="$(mktemp -d "$images_dir/.pack.XXXXXX")"
  blobs="$work/blobs/sha256"
  mkdir -p "$blobs"
  for dir in "$@"; do
    line="$(images_layer "$dir" "$blobs")"
    read -r diff_id digest size <<<"$line"
    diff_ids+=("\"sha256:$diff_id\"")
    layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$digest\",\"size\":$size}")
    layer_files+=("\"blobs/sha256/$digest\"")
  done
  local config config_digest config_size manifest manifest_digest manifest_size
  config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"1970-01-01T00:00:00Z\",\"config\":$runtime_config,\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$(IFS=,; echo "${diff_ids[*]}")]}}"
  read -r config_digest config_size <<<"$(images_blob "$blobs" "$config")"
  manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_digest\",\"size\":$config_size},\"layers\":[$(IFS=,; echo "${layers[*]}")]}"
  read -r manifest_digest manifest_size <<<"$(images_blob "$blobs" "$manifest")"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$work/oci-layout"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest_digest" "$manifest_size" "$ref" "${ref##*:}" >"$work/index.json"
  printf '[{"Config":"blobs/sha256/%s","RepoTags":["%s"],"Layers":[%s]}]' \
    "$config_digest" "$ref" "$(IFS=,; echo "${layer_files[*]}")" >"$work/manifest.json"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" \
    -cf "$out.tmp" oci-layout index.json manifest.json blobs
  mv "$out.tmp" "$out"
  echo "sha256:$manifest_digest" >"${out%.tar}.digest"
  rm -rf "$work"
}

# Prints a short hash of the given files and strings: the cache key of an image.
images_inputs_hash() {
  local item
  for item in "$@"; do
    if [[ -f "$item" ]]; then sha256_of "$item"; else printf '%s\n' "$item"; fi
  done | sha256sum | cut -c1-16
}

# Runs a builder only when the image's inputs changed since its tarball was made.
images_cached() { # out.tar key builder args...
  local out="$1" key="$2"
  shift 2
  if [[ -f "$out" && -f "$out.inputs" && "$(cat "$out.inputs")" == "$key" ]]; then
    return 0
  fi
  "$@"
  echo "$key" >"$out.inputs"
}

images_build_pause() { # out.tar
  local out="$1" root libc
  images_require gcc:gcc
  # gcc only recommends libc6-dev, whose static libc a static pause binary links.
  libc="$(gcc -print-file-name=libc.a)"
  [[ "$libc" == /* && -f "$libc" ]] || apt_install libc6-dev
  root="$(mktemp -d "$images_dir/.pause.XXXXXX")"
  gcc -static -Os -s -Wall -Wextra -Werror -o "$root/pause" "$images_here/node/pause.c" ||
    die "could not compile the pause image from $images_here/node/pause.c"
  images_pack "$pause_image" "$out" '{"Entrypoint":["/pause"],"User":"65535:65535"}' "$root"
  rm -rf "$root"
}

images_build_java_base() { # out.tar
  local out="$1" work jdk
  images_require mmdebstrap:mmdebstrap
  jdk="$(images_jdk_home)"
  work="$(mktemp -d "$images_dir/.java-base.XXXXXX")"
  log "building $java_base_image: Debian $java_base_suite root filesystem and a Java runtime"
  # shellcheck disable=SC2016 # the hook's $1 is mmdebstrap's, expanded by mmdebstrap
  mmdebstrap --quiet --variant=essential --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --include=libstdc++6,zlib1g,netbase \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/log/* "$1"/var/lib/apt/lists/*' \
    "$java_base_suite" "$work/rootfs" >"$work/mmdebstrap.log" 2>&1 ||
    die "mmdebstrap failed to make the Debian root filesystem (log: $work/mmdebstrap.log)"
  mkdir -p "$work/java/opt"
  "$jdk/bin/jlink" --add-modules "$java_base_modules" --strip-debug --no-header-files \
    --no-man-pages --output "$work/java/opt/java" >/dev/null ||
    die "jlink failed to link the Java runtime from $jdk"
  images_pack "$java_base_image" "$out" \
    '{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"Cmd":["java","-version"],"WorkingDir":"/"}' \
    "$work/rootfs" "$work/java"
  rm -rf "$work"
}

# Path of an image's tarball in the cache.
images_tarball() { # name:tag
  local ref="$1" name
  name="${ref#mailfleet.local/}"
  echo "$images_dir/${name%%:*}-${name##*:}.tar"
}

# The code that makes an image's tarball: part of its cache key, so that editing anything
# else in this script does not rebuild the images.
images_recipe() { # builder function
  declare -f "$1" images_pack images_layer images_blob
}

# Builds every image that is missing or stale; prints nothing.
images_build() {
  local jdk_release
  mkdir -p "$images_dir"
  rm -rf "$images_dir"/.pack.* "$images_dir"/.pause.* "$images_dir"/.java-base.*
  images_cached "$(images_tarball "$pause_image")" \
    "$(images_inputs_hash "$(images_recipe images_build_pause)" "$images_here/node/pause.c")" \
    images_build_pause "$(images_tarball "$pause_image")"
  jdk_release="$(cat "$(images_jdk_home)/release")"
  images_cached "$(images_tarball "$java_base_image")" \
    "$(images_inputs_hash "$(images_recipe images_build_java_base)" "$java_base_suite" \
      "$java_base_modules" "$jdk_release")" \
    images_build_java_base "$(images_tarball "$java_base_image")"
}

# Imports the images into a containerd's k8s.io namespace unless it holds them already.
images_import() { # containerd socket
  local address="$1" ref tarball want have
  for ref in "$pause_image" "$java_base_image"; do
    tarball="$(images_tarball "$ref")"
    want="$(cat "${tarball%.tar}.digest")"
    have="$(ctr --address "$address" -n k8s.io images ls "name==$ref" 2>/dev/null |
      awk 'NR > 1 {print $3}' || true)"
    [[ "$have" == "$want" ]] && continue
    ctr --address "$address" -n k8s.io images import "$tarball" >/dev/null ||
      die "ctr could not import $tarball into containerd at $address"
  done
}

# Imports image tarballs built elsewhere (the project's Jib images) into the node's containerd.
images_import_tarballs() { # tarball...
  local address="$run_root/node/containerd/containerd.sock" tarball
  [[ -S "$address" ]] || die "no node runs (no containerd socket at $address): run cluster.sh up"
  for tarball in "$@"; do
    [[ -f "$tarball" ]] || die "no image tarball at $tarball (./mvnw -DskipTests package builds the project's images)"
    ctr --address "$address" -n k8s.io images import "$tarball" >/dev/null ||
      die "ctr could not import $tarball into containerd at $address"
    log "imported $tarball"
  done
}

# The images the Maven build makes with Jib (`package` in operator/ and mta-image/).
images_project_tarballs() {
  local root
  root="$(cd "$images_here/../.." && pwd)"
  echo "$root/operator/target/jib-image.tar" "$root/mta-image/target/jib-image.tar"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-build}" in
    build)
      images_build
      images_tarball "$pause_image"
      images_tarball "$java_base_image"
      ;;
    import)
      shift
      (($#)) || die "usage: images.sh import TARBALL..."
      images_import_tarballs "$@"
      ;;
    import-project)
      # shellcheck disable=SC2046 # two paths without spaces in them
      images_import_tarballs $(images_project_tarballs)
      ;;
    *) die "usage: images.sh [build] | import TARBALL... | import-project" ;;
  esac
fi
