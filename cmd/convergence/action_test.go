package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"go.yaml.in/yaml/v3"
)

// requireActionToolsEnv, set to 1 (as .ci/run does), makes a missing tool
// fail TestActionScripts instead of skipping it.
const requireActionToolsEnv = "CONVERGENCE_REQUIRE_ACTION_TOOLS"

// TestActionScripts runs the GitHub Action's steps (scripts/action/*.sh)
// as action.yml runs them, against the program under test, with the files
// GitHub provides (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH) made in
// the work directory. Releases are "downloaded" from a file:// URL laid
// out as GitHub Releases are, with an archive and a checksums file that
// the scripts make.
func TestActionScripts(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq", "sha256sum", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv(requireActionToolsEnv) == "1" {
				t.Fatalf("%s is not on PATH, and %s=1", tool, requireActionToolsEnv)
			}
			t.Skipf("%s is not on PATH: the action's scripts need it", tool)
		}
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "action"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			env.Setenv("ACTION", filepath.Join(repo, "scripts", "action"))
			env.Setenv("NO_COLOR", "1")
			env.Setenv("HOME", filepath.Join(env.WorkDir, ".home"))
			env.Setenv("XDG_STATE_HOME", filepath.Join(env.WorkDir, ".state"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, ".data"))
			env.Setenv("GITHUB_OUTPUT", filepath.Join(env.WorkDir, "github-output"))
			env.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(env.WorkDir, "step-summary.md"))
			env.Setenv("GITHUB_PATH", filepath.Join(env.WorkDir, "github-path"))
			temp := filepath.Join(env.WorkDir, "runner-temp")
			env.Setenv("RUNNER_TEMP", temp)
			return os.Mkdir(temp, 0o755)
		},
	})
}

// TestActionMetadata holds action.yml to its scripts: every input reaches
// a step as an environment variable, every output is one that score.sh
// writes, and every step runs a script that exists. actionlint checks the
// workflows that use the action against the same inputs.
func TestActionMetadata(t *testing.T) {
	repo := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(repo, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct {
			Required bool    `yaml:"required"`
			Default  *string `yaml:"default"`
		} `yaml:"inputs"`
		Outputs map[string]struct {
			Value string `yaml:"value"`
		} `yaml:"outputs"`
		Runs struct {
			Using string `yaml:"using"`
			Steps []struct {
				ID    string            `yaml:"id"`
				Shell string            `yaml:"shell"`
				Env   map[string]string `yaml:"env"`
				Run   string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}

	passed := map[string]bool{}
	for i, step := range action.Runs.Steps {
		if step.Shell != "bash" {
			t.Errorf("step %d: shell %q, want bash", i, step.Shell)
		}
		m := regexp.MustCompile(`^bash "\$GITHUB_ACTION_PATH/(scripts/action/[a-z-]+\.sh)"`).FindStringSubmatch(step.Run)
		if m == nil {
			t.Errorf("step %d runs %q, not a script of scripts/action", i, step.Run)
			continue
		}
		if _, err := os.Stat(filepath.Join(repo, m[1])); err != nil {
			t.Errorf("step %d: %v", i, err)
		}
		if strings.Contains(step.Run, "${{") {
			t.Errorf("step %d splices an expression into its script; pass it in env", i)
		}
		for _, v := range step.Env {
			if in := regexp.MustCompile(`^\$\{\{ inputs\.([a-z-]+) \}\}$`).FindStringSubmatch(v); in != nil {
				passed[in[1]] = true
			}
		}
	}
	for name, in := range action.Inputs {
		if !passed[name] {
			t.Errorf("input %q reaches no step", name)
		}
		if !in.Required && in.Default == nil {
			t.Errorf("optional input %q has no default", name)
		}
	}
	if !action.Inputs["answers"].Required {
		t.Error("input answers is not required")
	}
	if v := action.Inputs["version"].Default; v == nil || !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(*v) {
		t.Errorf("input version's default is not a pinned release tag: %v", v)
	}

	score, err := os.ReadFile(filepath.Join(repo, "scripts", "action", "score.sh"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"index", "level", "provisional", "regressed"}
	var got []string
	for name, out := range action.Outputs {
		got = append(got, name)
		if out.Value != "${{ steps.score.outputs."+name+" }}" {
			t.Errorf("output %q is %q, not the score step's", name, out.Value)
		}
		if !strings.Contains(string(score), `echo "`+name+`=`) {
			t.Errorf("score.sh does not write output %q", name)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
}
