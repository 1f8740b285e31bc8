package main

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/convergence-model/convergence/internal/cli"
	"github.com/convergence-model/convergence/internal/result/schema"
)

// runMainEnv, when set to 1, makes the test binary be the program: the
// terminal tests start it in a pseudo-terminal this way.
const runMainEnv = "CONVERGENCE_TEST_RUN_MAIN"

// TestMain lets scripts run the real program in-process as "convergence".
func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(cli.Main())
	}
	testscript.Main(m, map[string]func(){"convergence": func() { os.Exit(cli.Main()) }})
}

// TestScripts runs every testdata/script/*.txtar: what users type, and
// every class of bad input, against the real command line.
func TestScripts(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Setenv("NO_COLOR", "1")
			env.Setenv("XDG_STATE_HOME", filepath.Join(env.WorkDir, ".state"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, ".data"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, ".home"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mkfile":     cmdMkfile,
			"randbytes":  cmdRandbytes,
			"jsonschema": cmdJSONSchema,
			"cmpresult":  cmdCmpResult,
			"replace":    cmdReplace,
		},
	})
}

// mkfile NAME BYTES writes a text file of the given size.
func cmdMkfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkfile NAME BYTES")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	data := bytes.Repeat([]byte("# padding\n"), n/10+1)[:n]
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// randbytes NAME BYTES SEED writes reproducible random bytes.
func cmdRandbytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: randbytes NAME BYTES SEED")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	seed, err := strconv.ParseUint(args[2], 10, 64)
	ts.Check(err)
	r := rand.New(rand.NewPCG(seed, seed))
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(r.UintN(256))
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// jsonschema SCHEMA FILE checks FILE against a schema of
// internal/result/schema, e.g. "jsonschema result.v1.json out.json".
func cmdJSONSchema(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: jsonschema SCHEMA FILE")
	}
	f, err := schema.FS.Open(args[0])
	ts.Check(err)
	defer f.Close()
	sdoc, err := jsonschema.UnmarshalJSON(f)
	ts.Check(err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ts.Check(c.AddResource(args[0], sdoc))
	s, err := c.Compile(args[0])
	ts.Check(err)
	data, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err == nil {
		err = s.Validate(doc)
	}
	switch {
	case err != nil && !neg:
		ts.Fatalf("%s does not match %s: %v", args[1], args[0], err)
	case err == nil && neg:
		ts.Fatalf("%s matches %s", args[1], args[0])
	}
}

// cmpresult A B compares two result documents, leaving out assessed_at:
// an assessment is stamped with the time it finished.
func cmdCmpResult(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cmpresult A.json B.json")
	}
	var docs [2]map[string]any
	for i, name := range args {
		ts.Check(json.Unmarshal([]byte(ts.ReadFile(name)), &docs[i]))
		if _, ok := docs[i]["assessed_at"]; !ok {
			ts.Fatalf("%s has no assessed_at", name)
		}
		delete(docs[i], "assessed_at")
	}
	if diff := cmp.Diff(docs[0], docs[1]); diff != "" {
		ts.Fatalf("%s and %s differ (-%s +%s):\n%s", args[0], args[1], args[0], args[1], diff)
	}
}

// replace FILE OLD NEW replaces the first OLD in FILE with NEW, failing if
// there is none, e.g. to make a copy of a questionnaire with another version.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	data := ts.ReadFile(args[0])
	if !strings.Contains(data, args[1]) {
		ts.Fatalf("%s does not contain %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(data, args[1], args[2], 1)), 0o644))
}
