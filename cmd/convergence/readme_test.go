package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestReadmeCIExamples runs the scoring steps of the README's CI examples
// as written, against the example files in testdata/ci, so the examples
// cannot rot. The install steps are left out: here the program under test
// is already on PATH.
func TestReadmeCIExamples(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	github := codeBlockAfter(t, string(readme), "<!-- ci-example:github -->")
	gitlab := codeBlockAfter(t, string(readme), "<!-- ci-example:gitlab -->")

	// GitHub: the env block and the `run: |` step that scores.
	env := yamlVars(t, github, "env:")
	step := regexp.MustCompile(`(?s)- name: Score against the baseline\n\s+run: \|\n(.*?)\n\s+- name:`).FindStringSubmatch(github)
	if step == nil {
		t.Fatal("the GitHub example has no 'Score against the baseline' step")
	}
	githubCmd := dedent(step[1])

	// GitLab: its variables and the script line that scores.
	vars := yamlVars(t, gitlab, "variables:")
	var gitlabCmd string
	for _, line := range strings.Split(gitlab, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "- convergence score") {
			gitlabCmd = strings.TrimPrefix(l, "- ")
		}
	}
	if gitlabCmd == "" {
		t.Fatal("the GitLab example has no convergence score line")
	}

	var script strings.Builder
	script.WriteString("# Generated from README.md by TestReadmeCIExamples.\n")
	for k, v := range env {
		script.WriteString("env " + k + "=" + filepath.Join(repo, v) + "\n")
	}
	script.WriteString("env GITHUB_STEP_SUMMARY=$WORK/summary.md\n")
	script.WriteString("exec sh github.sh\n")
	script.WriteString("grep '^### Regressions since the baseline$' summary.md\n")
	script.WriteString("grep '↑ up 1 level' summary.md\n")
	script.WriteString("jsonschema result.v1.json result.json\n")
	script.WriteString("rm result.json\n")
	for k, v := range vars {
		script.WriteString("env " + k + "=" + filepath.Join(repo, v) + "\n")
	}
	script.WriteString("exec sh gitlab.sh\n")
	script.WriteString("grep '^# Acme Analytics$' convergence.md\n")
	script.WriteString("jsonschema result.v1.json result.json\n")
	// A re-run job finds the files of the run before, as CI caches and
	// retries leave them: the recipes must succeed again.
	script.WriteString("exec sh github.sh\n")
	script.WriteString("grep -count=2 '^### Regressions since the baseline$' summary.md\n")
	script.WriteString("exec sh gitlab.sh\n")
	script.WriteString("jsonschema result.v1.json result.json\n")
	script.WriteString("-- github.sh --\n" + githubCmd + "\n")
	script.WriteString("-- gitlab.sh --\n" + gitlabCmd + "\n")

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "readme-ci.txtar"), []byte(script.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:   dir,
		Setup: func(e *testscript.Env) error { e.Setenv("NO_COLOR", "1"); return nil },
		Cmds:  map[string]func(*testscript.TestScript, bool, []string){"jsonschema": cmdJSONSchema},
	})
}

// codeBlockAfter returns the first fenced code block after a marker.
func codeBlockAfter(t *testing.T, doc, marker string) string {
	t.Helper()
	i := strings.Index(doc, marker)
	if i < 0 {
		t.Fatalf("README.md has no %s", marker)
	}
	m := regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindStringSubmatch(doc[i:])
	if m == nil {
		t.Fatalf("no code block after %s", marker)
	}
	return m[1]
}

// yamlVars reads the KEY: value lines indented under a "section:" line.
func yamlVars(t *testing.T, block, section string) map[string]string {
	t.Helper()
	vars := map[string]string{}
	in, indent := false, -1
	for _, line := range strings.Split(block, "\n") {
		trimmed := strings.TrimSpace(line)
		depth := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case trimmed == section:
			in, indent = true, depth
		case in && trimmed != "" && depth <= indent:
			in = false
		case in && trimmed != "":
			k, v, ok := strings.Cut(trimmed, ":")
			if ok {
				v, _, _ = strings.Cut(v, "#")
				vars[k] = strings.TrimSpace(v)
			}
		}
	}
	if len(vars) == 0 {
		t.Fatalf("no variables under %q", section)
	}
	return vars
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// TestReadmeReliabilityTests checks that every test the README's
// Reliability section names as holding a promise exists: a promise whose
// test was renamed or removed would be held by nothing.
func TestReadmeReliabilityTests(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Reliability\n")
	if !ok {
		t.Fatal("README.md has no Reliability section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var sources strings.Builder
	err = filepath.WalkDir(repo, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := regexp.MustCompile(`\bTest[A-Z]\w*`).FindAllString(section, -1)
	scripts := regexp.MustCompile(`[\w-]+\.txtar`).FindAllString(section, -1)
	if len(tests) < 10 || len(scripts) < 3 {
		t.Fatalf("the section names %d tests and %d scripts; is it still written as promises with their tests?", len(tests), len(scripts))
	}
	for _, name := range tests {
		if name == "TestReadmeReliabilityTests" {
			continue
		}
		if !strings.Contains(sources.String(), "func "+name+"(") {
			t.Errorf("README.md names %s, which is no test", name)
		}
	}
	for _, name := range scripts {
		if _, err := os.Stat(filepath.Join("testdata", "script", name)); err != nil {
			t.Errorf("README.md names %s, which is no script", name)
		}
	}
}
