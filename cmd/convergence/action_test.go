package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
