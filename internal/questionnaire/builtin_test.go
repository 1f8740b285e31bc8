package questionnaire

import (
	"path"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/convergence-model/convergence/questionnaires"
)

// The generated copies of the built-in questionnaires must be exactly what
// their YAML parses to; when a YAML file changes, run
// "go generate ./internal/questionnaire".
func TestGeneratedBuiltinsMatchTheirYAML(t *testing.T) {
	ids := Builtin()
	if len(generated) != len(ids) {
		t.Fatalf("%d generated questionnaires for %d YAML files: run go generate ./internal/questionnaire", len(generated), len(ids))
	}
	for _, id := range ids {
		data, err := questionnaires.FS.ReadFile(path.Join(".", id+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := Parse(id+".yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		build, ok := generated[id]
		if !ok {
			t.Fatalf("%s has no generated copy: run go generate ./internal/questionnaire", id)
		}
		if diff := cmp.Diff(want, build(), cmpopts.IgnoreTypes(Pos{})); diff != "" {
			t.Errorf("%s: the generated copy is out of date; run go generate ./internal/questionnaire (-yaml +generated):\n%s", id, diff)
		}
	}
}
