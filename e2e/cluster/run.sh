#!/usr/bin/env bash
# make run: brings up the local platform (Kubernetes control plane + AWS emulator) and says
# how to use it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

"$here/prereqs.sh"
cluster_env="$("$here/cluster.sh" up --kwok-nodes "${KWOK_NODES:-0}")"
aws_env="$("$here/aws.sh" up)"

cat <<EOT

mailfleet's local platform is up. In your shell:

$cluster_env
$aws_env

Then, for example:
  kubectl get --raw /readyz
  kubectl get nodes
  aws --endpoint-url \$AWS_ENDPOINT_URL ec2 describe-addresses   (if you have the AWS CLI)

Stop it with: make cluster-down aws-down
EOT
