package questionnaire

import (
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/questionnaires"
)

// The generated copies of the built-in questionnaires must be exactly what
// their YAML parses to; when a YAML file changes, run
// "go generate ./internal/questionnaire".
func TestGeneratedBuiltinsMatchTheirYAML(t *testing.T) {
	names, err := fs.Glob(questionnaires.FS, "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(generated) != len(names) {
		t.Fatalf("%d generated questionnaires for %d YAML files: run go generate ./internal/questionnaire", len(generated), len(names))
	}
	var want []*Questionnaire
	for _, name := range names {
		data, err := questionnaires.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, q)
	}
	SortBuiltins(want)
	for i, b := range generated {
		if b.id != want[i].ID || b.version != want[i].Version {
			t.Fatalf("generated[%d] is %s@%s, want %s: run go generate ./internal/questionnaire", i, b.id, b.version, want[i].Ref())
		}
		if diff := cmp.Diff(want[i], b.build(), cmpopts.IgnoreTypes(diag.Pos{})); diff != "" {
			t.Errorf("%s: the generated copy is out of date; run go generate ./internal/questionnaire (-yaml +generated):\n%s", want[i].Ref(), diff)
		}
	}
}
