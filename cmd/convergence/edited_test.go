package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// editResult reads the result at from, changes it and writes it to name in
// the program's directory.
func editResult(t *testing.T, p *program, from, name string, edit func(doc map[string]any)) string {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return p.write(name, string(out))
}

func answersOf(doc map[string]any) []map[string]any {
	var out []map[string]any
	for _, a := range doc["answers"].([]any) {
		out = append(out, a.(map[string]any))
	}
	return out
}

// TestEditedResultsAreRefused edits a saved result the ways a careless or
// hostile user would, and checks that every command that reads results
// refuses it with exit status 2, naming the file: report (of one result or
// of a workshop), compare, score --baseline and --answers-from. history
// skips it with a warning. A result
// whose questionnaire is not built in cannot be re-scored and is read as
// it is; one with only its advice changed (what older versions wrote) is
// read too.
func TestEditedResultsAreRefused(t *testing.T) {
	t.Parallel()
	p := newProgram(t)
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	good := p.path("good.json")
	if o := p.run("", "score", "--answers", filepath.Join(repo, "testdata", "answers", "example.yaml"), "--format", "json", "-o", good); o.code != 0 {
		t.Fatalf("score: exit %d\n%s", o.code, o.stderr)
	}
	older := p.path("older.json")
	if o := p.run("", "score", "--answers", filepath.Join(repo, "testdata", "answers", "capped-level2.yaml"), "--format", "json", "-o", older); o.code != 0 {
		t.Fatalf("score: exit %d\n%s", o.code, o.stderr)
	}

	edited := map[string]struct {
		edit func(doc map[string]any)
		want string
	}{
		"all-fives.json": {func(doc map[string]any) {
			for _, a := range answersOf(doc) {
				if a["status"] == "answered" {
					a["level"] = 5
				}
			}
		}, "do not follow from its answers, which give Level 3, 4.80 and 95"},
		"level-raised.json": {func(doc map[string]any) {
			doc["overall"].(map[string]any)["level"] = 4
		}, "overall Level 4, score 2.19 and index 30 do not follow from its answers, which give Level 2, 2.19 and 30"},
		"dimension-score.json": {func(doc map[string]any) {
			doc["dimensions"].([]any)[1].(map[string]any)["score"] = 4.5
		}, `dimension "platforms" at Level 2, score 4.50 does not follow from its answers, which give Level 2, 2.00`},
		"level-renamed.json": {func(doc map[string]any) {
			doc["overall"].(map[string]any)["level_name"] = "Converged"
		}, `overall level is named "Converged", and Level 2 is "Connected"`},
		"dimension-renamed.json": {func(doc map[string]any) {
			doc["dimensions"].([]any)[0].(map[string]any)["level_name"] = "Converged"
		}, `dimension "data"'s level is named "Converged", and Level 2 is "Connected"`},
		"answer-dropped.json": {func(doc map[string]any) {
			doc["answers"] = doc["answers"].([]any)[1:]
		}, `its answers do not fit convergence-core@1.1 (missing answer for "data.customer-id"`},
		"future.json": {func(doc map[string]any) {
			doc["assessed_at"] = "9999-12-31T00:00:00Z"
		}, "assessed_at is 9999-12-31, in the future"},
	}
	for name, e := range edited {
		path := editResult(t, p, good, name, e.edit)
		for _, args := range [][]string{
			{"report", path},
			{"compare", older, path},
			{"score", "--answers", filepath.Join(repo, "testdata", "answers", "example.yaml"), "--baseline", path},
			{"score", "--answers-from", path},
		} {
			o := p.run("", args...)
			if o.code != 2 || !bytes.Contains(o.stderr, []byte(name+": damaged result document: ")) || !bytes.Contains(o.stderr, []byte(e.want)) {
				t.Errorf("convergence %q: exit %d, want 2 and %q\n%s", args[:1], o.code, e.want, o.stderr)
			}
			if len(o.stdout) > 0 {
				t.Errorf("convergence %q printed a report of an edited result", args)
			}
		}
		if strings.HasPrefix(e.want, "assessed_at") {
			continue
		}
		if !bytes.Contains([]byte(e.want), []byte("missing answer")) && !bytes.Contains(p.run("", "report", path).stderr, []byte("; edited, or written by another scoring version.")) {
			t.Errorf("%s: the message does not say why it may be", name)
		}
	}

	// A workshop refuses them too, whether given as files or in a directory.
	ws := p.path("ws")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"good.json", "older.json", "all-fives.json", "future.json"} {
		data, err := os.ReadFile(p.path(name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"report", ws}, {"report", good, older, p.path("all-fives.json")}} {
		o := p.run("", args...)
		if o.code != 2 || !bytes.Contains(o.stderr, []byte("all-fives.json: damaged result document: overall Level 2 and index 30 do not follow from its answers, which give Level 3 and 95; edited, or written by another scoring version.")) {
			t.Errorf("convergence %q: exit %d\n%s", args, o.code, o.stderr)
		}
		if args[1] == ws && !bytes.Contains(o.stderr, []byte("future.json: damaged result document: assessed_at is 9999-12-31")) {
			t.Errorf("report DIR does not name the result from the future:\n%s", o.stderr)
		}
	}

	// history skips the edited results, saying why, and lists the rest.
	history := p.path(".data", "convergence", "results")
	if err := os.MkdirAll(history, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"good.json", "all-fives.json", "future.json"} {
		data, err := os.ReadFile(p.path(name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(history, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	o := p.run("", "history")
	if o.code != 0 || !bytes.Contains(o.stdout, []byte("1 result in ")) ||
		!bytes.Contains(o.stderr, []byte("Warning: skipped "+filepath.Join(history, "all-fives.json")+": damaged result document: overall Level 2, ")) ||
		!bytes.Contains(o.stderr, []byte("future.json: damaged result document: assessed_at is 9999-12-31")) {
		t.Errorf("history: exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}

	// What cannot be checked, or need not be, is read.
	advice := editResult(t, p, good, "advice.json", func(doc map[string]any) {
		overall := doc["overall"].(map[string]any)
		overall["reason"] = "Written by an older version, in other words."
		doc["plan"].(map[string]any)["title"] = "Another plan"
	})
	own := editResult(t, p, good, "own.json", func(doc map[string]any) {
		doc["questionnaire"].(map[string]any)["id"] = "our-own"
		doc["overall"].(map[string]any)["level"] = 4
	})
	for _, path := range []string{advice, own} {
		if o := p.run("", "report", path); o.code != 0 {
			t.Errorf("report %s: exit %d\n%s", filepath.Base(path), o.code, o.stderr)
		}
	}
}
