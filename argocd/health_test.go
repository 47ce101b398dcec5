// Package argocd tests health.lua, the Argo CD health check of the mailfleet.io kinds, with
// gopher-lua, the interpreter Argo CD runs it in, on sample objects in each state.
package argocd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"sigs.k8s.io/yaml"
)

// health is what Argo CD reads from the table the script returns.
type health struct {
	Status  string
	Message string
}

// sample is an object in testdata and the health Argo CD must show for it.
type sample struct {
	file string
	want health
}

var samples = []sample{
	{"mailcluster-healthy.yaml", health{"Healthy", "AllTiersReady: 2 tiers ready"}},
	{"mailcluster-rolling-out.yaml", health{"Progressing", "TiersRollingOut: rolling out: bulk"}},
	{"mailcluster-new.yaml", health{"Progressing", "Waiting for the operator to report status"}},
	{"mailcluster-secret-missing.yaml", health{"Degraded", "SecretNotFound: missing Secret mail/tls (inbound.tls)"}},
	{"deliverytier-healthy.yaml", health{"Healthy", "AllPodsReady: 3 of 3 pods ready"}},
	{"deliverytier-pods-starting.yaml", health{"Progressing", "PodsNotReady: 1 of 3 pods ready"}},
	{"deliverytier-spec-not-observed.yaml", health{"Progressing", "Waiting for the operator to observe generation 6 (status is of generation 5)"}},
	{"deliverytier-cluster-missing.yaml", health{"Degraded", "ClusterNotFound: MailCluster mail/eu (spec.clusterRef) does not exist"}},
	{"sendingippool-healthy.yaml", health{"Healthy", "AddressesReady: 2 of 2 addresses allocated"}},
	{"sendingippool-allocating.yaml", health{"Progressing", "Allocating: 2 of 3 addresses allocated"}},
	{"sendingippool-quota.yaml", health{"Degraded", "AddressLimitExceeded: AllocateAddress in eu-west-1: the account's Elastic IP quota is reached"}},
	{"sendingippool-no-conditions.yaml", health{"Progressing", "Waiting for the Ready condition"}},
}

func TestHealthOfEachSample(t *testing.T) {
	script := readFile(t, "health.lua")
	for _, s := range samples {
		t.Run(strings.TrimSuffix(s.file, ".yaml"), func(t *testing.T) {
			got := evaluate(t, script, readObject(t, filepath.Join("testdata", s.file)))
			if got != s.want {
				t.Errorf("health of %s:\n got  %+v\n want %+v", s.file, got, s.want)
			}
		})
	}
}

// Every kind the CRDs define has a sample that is Healthy, one Progressing and one Degraded.
func TestEveryKindHasASampleInEachState(t *testing.T) {
	states := map[string]map[string]bool{}
	for _, s := range samples {
		kind := readObject(t, filepath.Join("testdata", s.file))["kind"].(string)
		if states[kind] == nil {
			states[kind] = map[string]bool{}
		}
		states[kind][s.want.Status] = true
	}
	for _, kind := range crdKinds(t) {
		for _, status := range []string{"Healthy", "Progressing", "Degraded"} {
			if !states[kind][status] {
				t.Errorf("no %s sample of kind %s", status, kind)
			}
		}
	}
}

// evaluate runs the script as Argo CD does: obj set as a global, only the safe libraries open,
// and the returned table read for status and message.
func evaluate(t *testing.T, script string, obj map[string]any) health {
	t.Helper()
	state := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer state.Close()
	for name, open := range map[string]lua.LGFunction{
		lua.LoadLibName: lua.OpenPackage,
		lua.BaseLibName: lua.OpenBase,
		lua.TabLibName:  lua.OpenTable,
	} {
		state.Push(state.NewFunction(open))
		state.Push(lua.LString(name))
		state.Call(1, 0)
	}
	state.SetGlobal("obj", toLua(state, obj))
	if err := state.DoString(script); err != nil {
		t.Fatalf("health.lua failed: %v", err)
	}
	result, ok := state.Get(-1).(*lua.LTable)
	if !ok {
		t.Fatalf("health.lua returned %v, not a table", state.Get(-1))
	}
	return health{
		Status:  result.RawGetString("status").String(),
		Message: result.RawGetString("message").String(),
	}
}

// toLua converts a decoded JSON value to Lua: objects to tables by key, arrays to sequences.
func toLua(state *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case map[string]any:
		table := state.NewTable()
		for key, item := range v {
			table.RawSetString(key, toLua(state, item))
		}
		return table
	case []any:
		table := state.NewTable()
		for _, item := range v {
			table.Append(toLua(state, item))
		}
		return table
	case string:
		return lua.LString(v)
	case float64:
		return lua.LNumber(v)
	case bool:
		return lua.LBool(v)
	default:
		return lua.LNil
	}
}

func readObject(t *testing.T, path string) map[string]any {
	t.Helper()
	var obj map[string]any
	if err := yaml.Unmarshal([]byte(readFile(t, path)), &obj); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return obj
}

// crdKinds are the kinds of the mailfleet.io CRDs the operator build generates into crds/.
func crdKinds(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "crds", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRDs in ../crds: %v", err)
	}
	var kinds []string
	for _, file := range files {
		crd := readObject(t, file)
		spec := crd["spec"].(map[string]any)
		if spec["group"] == "mailfleet.io" {
			kinds = append(kinds, spec["names"].(map[string]any)["kind"].(string))
		}
	}
	return kinds
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(content)
}
