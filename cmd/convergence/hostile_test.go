package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/convergence-model/convergence/internal/questionnaire"
)

// hostile is text that would take over a terminal shown as it is: a colour
// escape, an OSC sequence that sets the window title, a C1 control (CSI)
// that some terminals obey, and a right-to-left override that makes what
// follows read backwards.
const hostile = "\x1b[31m\x1b]0;pwned\x07\u009b2J\u202eevil"

// unsafeOutput names the first thing in out that must not reach a
// terminal: ESC, another C0 control but tab, newline and CRLF, a C1 control, a
// direction override or isolate, or bytes that are not UTF-8 (a lone
// 0x9b is CSI to a terminal in 8-bit mode). "" when there is none.
func unsafeOutput(out []byte) string {
	if !utf8.Valid(out) {
		return "bytes that are not UTF-8"
	}
	for i, r := range string(out) {
		switch {
		case r == '\n' || r == '\t':
		case r == '\r' && i+1 < len(out) && out[i+1] == '\n': // CSV's line ends
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("%U at byte %d, in %q", r, i, context(string(out), i))
		}
	}
	return ""
}

func context(s string, i int) string {
	from, to := max(0, i-40), min(len(s), i+40)
	return s[from:to]
}

// hostileResult is a copy of the result at path with hostile text added to
// every string a person wrote or a questionnaire holds (names, notes,
// prompts, labels, the plan), leaving alone what identifies things (ids,
// the schema, the digest, dates, statuses), so that it is still read as a
// result.
func hostileResult(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{"schema": true, "id": true, "question": true, "dimension": true, "digest": true,
		"version": true, "assessed_at": true, "status": true, "role": true, "rule": true, "owner": true}
	var walk func(v any, key string) any
	walk = func(v any, key string) any {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				v[k] = walk(x, k)
			}
		case []any:
			for i, x := range v {
				v[i] = walk(x, key)
			}
		case string:
			if !keep[key] {
				return v + hostile
			}
		}
		return v
	}
	out, err := json.MarshalIndent(walk(doc, ""), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHostileTextNeverReachesTheTerminal feeds names, notes, questionnaire
// text, file names and flag values holding escape sequences, C1 controls
// and direction overrides through every command, and checks that standard
// output and standard error never carry one: every string from a file, a
// file name or a flag is cleaned before a terminal can see it, in reports
// of every format and in every error, warning and message.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	t.Parallel()
	p := newProgram(t)
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	n := len(q.Questions())
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}

	// Answers with a hostile name, organisation and note, in a file with a
	// hostile name.
	example, err := os.ReadFile(filepath.Join(repo, "testdata", "answers", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	yamlHostile := `\e[31m\e]0;pwned\a\x9b2J\u202eevil`
	answers := strings.NewReplacer(
		"name: Ana Ruiz", `name: "Ana`+yamlHostile+`"`,
		"org: Acme Analytics", `org: "Acme`+yamlHostile+`"`,
		`note: "last-click only in the web analytics tool"`, `note: "last-click`+yamlHostile+`"`,
	).Replace(string(example))
	ans := p.write("answers"+hostile+".yaml", answers)
	older := p.write("older.yaml", strings.Replace(answers, "assessed_at: 2026-11-23", "assessed_at: 2026-08-01", 1))

	// A questionnaire of one's own with hostile text in its title and its
	// first question.
	core, err := os.ReadFile(filepath.Join(repo, "questionnaires", "convergence-core.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hq := string(core)
	hq = strings.Replace(hq, "title: Convergence Maturity Diagnostic", `title: "Convergence`+yamlHostile+`"`, 1)
	firstPrompt := q.Questions()[0].Prompt
	if !strings.Contains(hq, `prompt: "`+firstPrompt+`"`) || !strings.Contains(hq, "title: \"Convergence") {
		t.Fatal("the questionnaire no longer has the text this test changes")
	}
	hq = strings.Replace(hq, `prompt: "`+firstPrompt+`"`, `prompt: "`+firstPrompt+yamlHostile+`"`, 1)
	hqPath := p.write("q"+hostile+".yaml", hq)

	// Results: one scored from the hostile answers, in a hostile file name;
	// one with hostile text in every string; a damaged one with a name that
	// clears the screen.
	res := p.path("result" + hostile + ".json")
	if o := p.run("", "score", "--answers", ans, "--format", "json", "-o", res); o.code != 0 {
		t.Fatalf("score: exit %d\n%s", o.code, o.stderr)
	}
	old := p.path("older.json")
	if o := p.run("", "score", "--answers", older, "--format", "json", "-o", old); o.code != 0 {
		t.Fatalf("score: exit %d\n%s", o.code, o.stderr)
	}
	everywhere := p.write("everywhere.json", string(hostileResult(t, res)))
	damaged := p.write("\x1b[2Jclear"+hostile+".json", `{"schema": "convergence.result/v1", "overall": {"level": 9}}`)
	ws := p.path("workshop")
	for _, dir := range []string{ws, p.path(".data", "convergence", "results")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, from := range map[string]string{"a" + hostile + ".json": res, "b.json": everywhere, "c.json": old} {
			data, err := os.ReadFile(from)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	badWS := p.path("bad-workshop")
	if err := os.MkdirAll(badWS, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{res, damaged} {
		data, _ := os.ReadFile(f)
		if err := os.WriteFile(filepath.Join(badWS, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(p.path(".data", "convergence", "results", filepath.Base(damaged)), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}

	threes := strings.Repeat("3\n", n)
	missing := p.path("missing" + hostile + ".json")
	type run struct {
		stdin string
		args  []string
	}
	var runs []run
	add := func(stdin string, args ...string) { runs = append(runs, run{stdin, args}) }
	for _, format := range []string{"text", "markdown", "html", "json"} {
		add("", "score", "--answers", ans, "--format", format)
		add("", "score", "--answers", ans, "--baseline", everywhere, "--format", format)
		add("", "report", res, "--format", format)
		add("", "report", everywhere, "--format", format)
		add("", "report", ws, "--format", format)
		add("", "report", ws, "--anonymous", "--format", format)
		add("", "compare", old, everywhere, "--format", format)
		add("", "compare", ws, "--format", format)
		add("", "score", "--questionnaire", hqPath, "--answers", ans, "--format", format)
	}
	for _, format := range []string{"text", "markdown", "json"} {
		add("", "history", "--format", format)
	}
	for _, format := range []string{"text", "yaml", "json"} {
		add("", "questionnaire", "show", hqPath, "--format", format)
	}
	add("", "history", "--paths")
	add(answers, "score", "--answers", "-")
	add("", "score", "--answers", missing)
	add("", "score", "--answers", ans, "--format", hostile)
	add("", "score", "--answers", ans, "-o", p.path("no"+hostile, "r.txt"))
	add("", "score", "--answers", ans, "--save", res)
	add("", "score", "--answers", ans, "--min-level", hostile)
	add("", "score", "--answers", ans, "--baseline", damaged)
	add("", "score", "--answers", ans, "--baseline", missing)
	add("", "score", "--answers-from", everywhere)
	add("", "score", "--answers-from", damaged)
	add("", "score", "--answers", ans, "--questionnaire", hostile)
	add("", "score", "--answers", hqPath)
	add("", "report", damaged)
	add("", "report", missing)
	add("", "report", badWS)
	add("", "report", p.path("*"+hostile+"*.nothing"))
	add("", "compare", res, damaged)
	add("", "compare", res, missing)
	add("", "questionnaire", "validate", hqPath)
	add("", "questionnaire", "template", hqPath)
	add("", "questionnaire", "show", missing)
	add("", "questionnaire", "validate", ans)
	add(threes, "assess", "--respondent", hostile, "--org", hostile, "--format", "json")
	add("Ana"+hostile+"\n1\nAcme"+hostile+"\n"+threes, "assess", "--accessible", "--format", "text")
	add(threes, "assess", "--accessible", "--questionnaire", hqPath, "--respondent", "a", "--role", "it")
	add(threes, "assess", "--role", hostile)
	add(threes, "assess", "--respondent", "a", "--role", "it", "--save", res)
	add("Ana"+hostile+"\n1\n", "assess", "--accessible")
	add("Ana"+hostile+"\n1\n"+threes+"Ana"+hostile+"\n1\n"+threes+"\n", "workshop", "--dir", p.path("ws"+hostile), "--org", hostile)
	add("Ben"+hostile+"\n2\n3\n", "workshop", "--dir", p.path("ws"+hostile))
	add("", "workshop", "--dir", ans)
	// import: a survey export with hostile names, an organisation and a
	// bad role, in a file with a hostile name; rescore; questionnaire
	// export and list; schema; collect's flags (its pages are HTML,
	// checked in internal/collect).
	header, row, bad := []string{"name", "role", "org"}, []string{"Ana" + hostile, "marketing", "Acme" + hostile}, []string{"Ben", "ceo" + hostile, ""}
	for _, qu := range q.Questions() {
		header, row, bad = append(header, qu.ID), append(row, "3"), append(bad, "3")
	}
	csvFile := p.write("survey"+hostile+".csv", strings.Join([]string{strings.Join(header, ","), strings.Join(row, ","), strings.Join(bad, ",")}, "\n")+"\n")
	add("", "import", csvFile, "--dir", p.path("imported"+hostile))
	add("", "import", csvFile, "--dir", p.path("imported2"), "--org", hostile)
	add("", "import", missing, "--dir", p.path("imported3"))
	add("", "import", ans, "--dir", p.path("imported4"))
	add("", "rescore", everywhere)
	add("", "rescore", res, "--format", "markdown")
	add("", "rescore", damaged)
	add("", "rescore", missing)
	add("", "questionnaire", "export", "--format", "csv-template", hqPath)
	add("", "questionnaire", "export", "--format", hostile)
	add("", "questionnaire", "list")
	add("", "questionnaire", "list", "--format", "markdown")
	add("", "schema", hostile)
	add("", "collect", "--dir", p.path("c"+hostile), "--listen", hostile)
	add("", "collect", "--dir", p.path("c"+hostile), "--url", hostile)
	add("", "collect", "--dir", ans)
	add("", "collect", "--dir", p.path("c"+hostile), "--questionnaire", missing)
	add("", "completion", hostile)
	add("", "help", hostile)
	add("", hostile)
	add("", "--"+hostile)
	add("", "score", "-"+hostile)
	add("", "version", hostile)
	add("", "history", "-n", hostile)

	for _, r := range runs {
		o := p.run(r.stdin, r.args...)
		for _, s := range []struct {
			name string
			out  []byte
		}{{"stdout", o.stdout}, {"stderr", o.stderr}} {
			if bad := unsafeOutput(s.out); bad != "" {
				t.Errorf("convergence %q (exit %d): %s holds %s", r.args, o.code, s.name, bad)
			}
		}
	}
}
