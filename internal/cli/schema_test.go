package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report/qdoc"
	"github.com/convergence-model/convergence/internal/result/schema"
)

// compileSchemas compiles every schema, asserting formats.
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for _, d := range schema.Documents {
		_, data, err := schema.Lookup(d.Name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", d.File(), err)
		}
		if err := c.AddResource(d.File(), doc); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range schema.Documents {
		s, err := c.Compile(d.File())
		if err != nil {
			t.Fatalf("%s: %v", d.File(), err)
		}
		out[d.File()] = s
	}
	return out
}

// jsonOutputs runs every command that writes JSON and returns each
// document by a name for messages.
func jsonOutputs(t *testing.T) map[string][]byte {
	t.Helper()
	repo := filepath.Join("..", "..")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	env := map[string]string{"XDG_DATA_HOME": data, "XDG_STATE_HOME": filepath.Join(dir, "state")}
	results := filepath.Join(data, "convergence", "results")
	if err := os.MkdirAll(results, 0o755); err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	runJSON := func(name string, args ...string) {
		t.Helper()
		code, out, errOut := runEnv(t, env, "", args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errOut)
		}
		docs[name] = []byte(out)
	}
	var files []string
	for _, f := range []string{"marketing", "sales", "service"} {
		out := filepath.Join(results, f+".json")
		runJSON("score "+f, "score", "--answers", filepath.Join(repo, "testdata", "workshop", f+".yaml"), "--format", "json")
		if err := os.WriteFile(out, docs["score "+f], 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, out)
	}
	for _, f := range []string{"provisional-flags", "level1-unknowns", "level5", "v1.0/example"} {
		runJSON("score "+f, "score", "--answers", filepath.Join(repo, "testdata", "answers", f+".yaml"), "--format", "json")
	}
	runJSON("report workshop", "report", results, "--format", "json")
	runJSON("report workshop anonymous", "report", results, "--anonymous", "--format", "json")
	runJSON("compare", append([]string{"compare", "--format", "json"}, files...)...)
	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, docs["score v1.0/example"], 0o644); err != nil {
		t.Fatal(err)
	}
	runJSON("compare across versions", "compare", old, files[0], "--format", "json")
	runJSON("history", "history", "--format", "json")
	env["XDG_DATA_HOME"] = filepath.Join(dir, "empty")
	runJSON("history empty", "history", "--format", "json")
	for _, ref := range questionnaire.BuiltinRefs() {
		runJSON("questionnaire show "+ref, "questionnaire", "show", ref, "--format", "json")
	}
	runJSON("questionnaire list", "questionnaire", "list", "--format", "json")
	runJSON("version", "version", "--format", "json")
	return docs
}

// answersFiles are the answers files of the repository, as JSON.
func answersFiles(t *testing.T) map[string][]byte {
	t.Helper()
	repo := filepath.Join("..", "..")
	var paths []string
	for _, pattern := range []string{"testdata/answers/*.yaml", "testdata/answers/v1.0/*.yaml", "testdata/ci/*.yaml", "testdata/workshop/*.yaml"} {
		m, err := filepath.Glob(filepath.Join(repo, pattern))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) < 8 {
		t.Fatalf("only %d answers files", len(paths))
	}
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		j, err := json.Marshal(toJSON(v))
		if err != nil {
			t.Fatal(err)
		}
		out[p] = j
	}
	return out
}

// toJSON makes YAML's decoded values JSON's: string keys, and times as the
// RFC 3339 text they were written as.
func toJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = toJSON(e)
		}
	case []any:
		for i, e := range x {
			x[i] = toJSON(e)
		}
	case interface{ Format(string) string }:
		return x.Format("2006-01-02T15:04:05Z07:00")
	}
	return v
}

// Every JSON document the tool writes names its schema and validates
// against it; every answers file of the repository validates against the
// answers schema.
func TestEveryJSONOutputMatchesItsSchema(t *testing.T) {
	schemas := compileSchemas(t)
	seen := map[string]bool{}
	for name, out := range jsonOutputs(t) {
		var head struct {
			Schema string `json:"schema"`
		}
		if err := json.Unmarshal(out, &head); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		file := schema.ForDocument(head.Schema)
		if file == "" {
			t.Errorf("%s: no schema for %q", name, head.Schema)
			continue
		}
		seen[file] = true
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas[file].Validate(doc); err != nil {
			t.Errorf("%s does not match %s: %v", name, file, err)
		}
	}
	for name, out := range answersFiles(t) {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas["answers.v1.json"].Validate(doc); err != nil {
			t.Errorf("%s does not match answers.v1.json: %v", name, err)
		}
		seen["answers.v1.json"] = true
	}
	for _, d := range schema.Documents {
		if !seen[d.File()] {
			t.Errorf("no output was checked against %s", d.File())
		}
	}
}

// The answers schema refuses what the answers parser refuses.
func TestAnswersSchemaRefusesBadAnswers(t *testing.T) {
	s := compileSchemas(t)["answers.v1.json"]
	cases := map[string]string{
		"level 6":        `{"answers": {"data.quality": 6}}`,
		"a word":         `{"answers": {"data.quality": "maybe"}}`,
		"a bad id":       `{"answers": {"Data Quality": 3}}`,
		"no level":       `{"answers": {"data.quality": {"note": "x"}}}`,
		"unknown field":  `{"answers": {}, "respondant": {}}`,
		"unknown role":   `{"answers": {}, "respondent": {"role": "cmo"}}`,
		"no answers":     `{"questionnaire": "convergence-core"}`,
		"a bad time":     `{"answers": {}, "assessed_at": "yesterday"}`,
		"a bad pin":      `{"questionnaire": "Convergence Core", "answers": {}}`,
		"note not text":  `{"answers": {"data.quality": {"level": 3, "note": 4}}}`,
		"level as float": `{"answers": {"data.quality": 3.5}}`,
	}
	for name, doc := range cases {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(v) == nil {
			t.Errorf("%s: %s validates", name, doc)
		}
	}
	for _, ok := range []string{
		`{"answers": {"data.quality": "Not Sure", "data.consent": " N/A ", "kpis.attribution": {"level": "?", "note": "ask"}}, "respondent": {"role": " IT "}, "assessed_at": "2026-01-31"}`,
	} {
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(ok))
		if err := s.Validate(v); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// Definitions that several schemas share are copies of result.v1.json's,
// kept identical.
func TestSharedSchemaDefinitionsAreIdentical(t *testing.T) {
	defs := func(name string) map[string]any {
		_, data, err := schema.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Defs map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		return s.Defs
	}
	base := defs("result")
	for _, d := range schema.Documents {
		if d.Name == "result" {
			continue
		}
		shared := 0
		for k, v := range defs(d.Name) {
			if b, ok := base[k]; ok {
				shared++
				if !reflect.DeepEqual(b, v) {
					t.Errorf("%s: $defs/%s differs from result.v1.json's", d.File(), k)
				}
			}
		}
		if d.Name == "workshop" && shared < 8 {
			t.Errorf("workshop.v1.json shares only %d definitions with result.v1.json", shared)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	for _, d := range schema.Documents {
		code, out, errOut := run(t, "schema", d.Name)
		want, _ := schema.FS.ReadFile(d.File())
		if code != 0 || out != string(want) {
			t.Errorf("schema %s: exit %d, %s", d.Name, code, errOut)
		}
		var s struct {
			ID    string `json:"$id"`
			Title string `json:"title"`
		}
		if err := json.Unmarshal(want, &s); err != nil || !strings.HasSuffix(s.ID, "/"+d.File()) {
			t.Errorf("%s: $id %q", d.File(), s.ID)
		}
		if d.Schema != "" && s.Title != d.Schema {
			t.Errorf("%s: title %q, want %q", d.File(), s.Title, d.Schema)
		}
	}
	code, out, _ := run(t, "schema")
	if code != 0 || strings.Count(out, "\n") != len(schema.Documents) {
		t.Errorf("schema: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "schema", "results"); code != exitInput || !strings.Contains(errOut, `no schema "results": use one of result, workshop`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
	// The template names the answers schema for editors.
	_, data, _ := schema.Lookup("answers")
	if id := schema.ID(data); id != qdoc.AnswersSchemaID {
		t.Errorf("the template names %s; the answers schema is %s", qdoc.AnswersSchemaID, id)
	}
	_, tmpl, _ := run(t, "questionnaire", "template")
	if first, _, _ := strings.Cut(tmpl, "\n"); first != "# yaml-language-server: $schema="+qdoc.AnswersSchemaID {
		t.Errorf("template starts %q", first)
	}
}

// With Ajv (npm: ajv, ajv-formats) installed in .ci/ajv, as .ci/run does,
// every schema compiles in Ajv's strict mode and every output validates
// there too. CONVERGENCE_REQUIRE_AJV=1 turns a missing Ajv into a failure.
func TestSchemasInAjvStrictMode(t *testing.T) {
	repo, _ := filepath.Abs(filepath.Join("..", ".."))
	check := filepath.Join(repo, ".ci", "ajv", "check.mjs")
	node, err := exec.LookPath("node")
	if _, serr := os.Stat(filepath.Join(repo, ".ci", "ajv", "node_modules", "ajv")); err != nil || serr != nil {
		if os.Getenv("CONVERGENCE_REQUIRE_AJV") == "1" {
			t.Fatalf("node or Ajv is missing (node: %v; Ajv: %v); .ci/run installs them", err, serr)
		}
		t.Skip("node or Ajv is not installed; .ci/run installs them in .ci/ajv")
	}
	dir := t.TempDir()
	args := []string{check, filepath.Join(repo, "internal", "result", "schema")}
	i := 0
	add := func(file string, data []byte) {
		i++
		p := filepath.Join(dir, fmt.Sprintf("%03d.json", i))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, file+":"+p)
	}
	for _, out := range jsonOutputs(t) {
		var head struct{ Schema string }
		_ = json.Unmarshal(out, &head)
		add(schema.ForDocument(head.Schema), out)
	}
	for _, out := range answersFiles(t) {
		add("answers.v1.json", out)
	}
	cmd := exec.Command(node, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("Ajv: %v\n%s", err, out)
	}
	if want := fmt.Sprintf("%d schemas compiled, %d of %d documents valid", len(schema.Documents), i, i); !strings.Contains(string(out), want) {
		t.Errorf("Ajv says:\n%s\nwant %q", out, want)
	}
}

// A moved answer's levels agree with its statuses, as a result's answers
// do: "na" with a level, or "answered" without one, is refused.
func TestCompareSchemaTiesLevelsToStatuses(t *testing.T) {
	s := compileSchemas(t)["compare.v1.json"]
	out := jsonOutputs(t)["compare"]
	for _, c := range []struct {
		status string
		level  int
	}{{"na", 4}, {"answered", 0}, {"unsure", 3}} {
		var doc map[string]any
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		steps := doc["steps"].([]any)
		moved := steps[len(steps)-1].(map[string]any)["moved"].([]any)
		if len(moved) == 0 {
			t.Fatal("the comparison moved no answer")
		}
		m := moved[0].(map[string]any)
		m["to_status"], m["to_level"] = c.status, c.level
		b, _ := json.Marshal(doc)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(v) == nil {
			t.Errorf("a moved answer %s at level %d validates", c.status, c.level)
		}
	}
}
