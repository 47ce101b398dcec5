// Command provisioner is the local cluster's dynamic volume provisioner: for every claim of its
// StorageClass it makes a directory under one base directory on the node and offers it as a
// local PersistentVolume pinned to the node the scheduler chose; when the volume is released it
// removes that directory. It runs as a host process beside the kubelet, like CoreDNS.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"sigs.k8s.io/sig-storage-lib-external-provisioner/v13/controller"
)

// The annotation that marks a volume as made by this provisioner, with its directory.
const directoryAnnotation = "mailfleet.io/host-directory"

// hostDirectories makes and removes one directory per volume under base.
type hostDirectories struct {
	base string
}

func (h hostDirectories) Provision(_ context.Context, options controller.ProvisionOptions) (*v1.PersistentVolume, controller.ProvisioningState, error) {
	if options.SelectedNodeName == "" {
		return nil, controller.ProvisioningFinished,
			errors.New("no node selected: the StorageClass must bind volumes WaitForFirstConsumer")
	}
	dir := filepath.Join(h.base, options.PVName)
	// The pod's fsGroup is applied by the kubelet to a local volume, so the directory stays root's.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, controller.ProvisioningFinished, fmt.Errorf("making %s: %w", dir, err)
	}
	claim := options.PVC
	return &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{
			Name:        options.PVName,
			Annotations: map[string]string{directoryAnnotation: dir},
		},
		Spec: v1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: *options.StorageClass.ReclaimPolicy,
			AccessModes:                   claim.Spec.AccessModes,
			VolumeMode:                    claim.Spec.VolumeMode,
			Capacity:                      v1.ResourceList{v1.ResourceStorage: claim.Spec.Resources.Requests[v1.ResourceStorage]},
			PersistentVolumeSource: v1.PersistentVolumeSource{
				Local: &v1.LocalVolumeSource{Path: dir},
			},
			NodeAffinity: &v1.VolumeNodeAffinity{Required: &v1.NodeSelector{
				NodeSelectorTerms: []v1.NodeSelectorTerm{{MatchExpressions: []v1.NodeSelectorRequirement{{
					Key:      "kubernetes.io/hostname",
					Operator: v1.NodeSelectorOpIn,
					Values:   []string{options.SelectedNodeName},
				}}}},
			}},
		},
	}, controller.ProvisioningFinished, nil
}

// Delete removes the directory of a volume it made, and nothing outside its base directory.
func (h hostDirectories) Delete(_ context.Context, volume *v1.PersistentVolume) error {
	dir, ours := volume.Annotations[directoryAnnotation]
	if !ours || filepath.Dir(dir) != h.base || filepath.Base(dir) != volume.Name {
		return &controller.IgnoredError{Reason: "the volume was not made by this provisioner"}
	}
	return os.RemoveAll(dir)
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster")
	base := flag.String("directory", "", "directory under which volumes are made")
	name := flag.String("name", "mailfleet.io/local-directory", "provisioner name StorageClasses refer to")
	klog.InitFlags(nil)
	flag.Parse()
	if *kubeconfig == "" || !filepath.IsAbs(*base) {
		klog.Exit("usage: provisioner -kubeconfig FILE -directory ABSOLUTE_DIR [-name NAME]")
	}
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.Exitf("reading %s: %v", *kubeconfig, err)
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		klog.Exitf("client: %v", err)
	}
	if err := os.MkdirAll(*base, 0o755); err != nil {
		klog.Exitf("making %s: %v", *base, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	// One provisioner per node and cluster: no leader to elect.
	controller.NewProvisionController(ctx, client, *name, hostDirectories{base: filepath.Clean(*base)},
		controller.LeaderElection(false)).Run(ctx)
}
