package result_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/convergence-model/convergence/internal/result"
)

func TestParseRefusesWhatIsNotAResult(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "  \n", "r.json: file is empty; expected a result JSON document"},
		{"syntax", "{\n  \"schema\": \"convergence.result/v1\",\n  \"overall\": {,}\n}", "r.json:3:15: not a valid result document: invalid character ',' looking for beginning of object key string"},
		{"truncated", "{\"schema\": \"convergence.result/v1\", \"overall\": {", "r.json:1:48: not a valid result document: unexpected end of JSON input"},
		{"no schema", "{\"overall\": {}}", `r.json: not a result document: it has no "schema" field (expected "convergence.result/v1")`},
		{"other schema", "{\"schema\": \"convergence.workshop/v1\"}", `r.json: is a "convergence.workshop/v1" document, not a single result (convergence.result/v1)`},
		{"wrong type", "{\"schema\": \"convergence.result/v1\",\n \"overall\": {\"level\": \"two\"}}", "r.json:2:27: not a valid result document: overall.level must be int, found string"},
		{"damaged", "{\"schema\": \"convergence.result/v1\"}", "r.json: damaged result document: missing or wrong overall.level (1 to 5), questionnaire.id, answers, dimensions, levels (all five)"},
		{"array", "[1, 2]", "r.json: not a result document: it is not a JSON object; a result is the JSON object that \"convergence score --format json\" writes"},
		{"binary", "\x00\xff\xfe", "r.json: not a result document: it holds binary data"},
		{"questionnaire", "# A questionnaire\nid: x\nlevels:\n  - {level: 1}\n", "r.json: not a result document: it looks like a questionnaire (YAML)"},
		{"answers", "questionnaire: convergence-core\nanswers:\n  data.quality: 2\n", "r.json: not a result document: it looks like an answers file; score it with \"convergence score --answers\" instead"},
		{"trailing", "{\"schema\": \"convergence.result/v1\"} {}", "r.json:1:37: not a valid result document: invalid character '{' after top-level value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := result.Parse("r.json", []byte(c.in))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error:\n got %v\nwant %s", err, c.want)
			}
		})
	}
}

func TestParseRefusesImpossibleNumbers(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "report", "testdata", "golden", "example.json"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), `"score": 2`, `"score": 1e308`, 1)
	if bad == string(data) {
		t.Fatal("the sample has no score to damage")
	}
	for _, parse := range []func(string, []byte) error{
		func(f string, d []byte) error { _, err := result.Parse(f, d); return err },
		func(f string, d []byte) error { _, err := result.ParseSummary(f, d); return err },
	} {
		err := parse("r.json", []byte(bad))
		if err == nil || !strings.Contains(err.Error(), "scores (1 to 5)") {
			t.Errorf("err = %v", err)
		}
	}
}

// sample is a result the report tests keep, as the tool writes it.
func sample(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "report", "testdata", "golden", "example.json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestParseAcceptsAByteOrderMark(t *testing.T) {
	data := []byte("\xef\xbb\xbf" + sample(t))
	if _, err := result.Parse("r.json", data); err != nil {
		t.Errorf("Parse: %v", err)
	}
	if _, err := result.ParseSummary("r.json", data); err != nil {
		t.Errorf("ParseSummary: %v", err)
	}
}

// TestParseSaysWhatADateShouldBe: Go's own message quotes its layout
// ("2006-01-02T15:04:05Z07:00"), which reads as nonsense.
func TestParseSaysWhatADateShouldBe(t *testing.T) {
	doc := sample(t)
	i := strings.Index(doc, `"assessed_at": "`)
	if i < 0 {
		t.Fatal("the sample has no assessed_at")
	}
	j := i + len(`"assessed_at": "`)
	k := j + strings.IndexByte(doc[j:], '"')
	line := strings.Count(doc[:i], "\n") + 1
	col := j - strings.LastIndexByte(doc[:j], '\n') - 1
	for _, bad := range []string{"2026-11-23", "yesterday", "2026-13-01T00:00:00Z"} {
		data := doc[:j] + bad + doc[k:]
		want := fmt.Sprintf("r.json:%d:%d: not a valid result document: assessed_at must be a date and time like 2026-11-23T10:00:00Z, found %q", line, col, bad)
		for name, parse := range map[string]func(string, []byte) error{
			"Parse":        func(f string, d []byte) error { _, err := result.Parse(f, d); return err },
			"ParseSummary": func(f string, d []byte) error { _, err := result.ParseSummary(f, d); return err },
		} {
			if err := parse("r.json", []byte(data)); err == nil || err.Error() != want {
				t.Errorf("%s(%s):\n got %v\nwant %s", name, bad, err, want)
			}
		}
	}
}

// TestParseCutsLongText: a result with a 10 KB name (edited, or written by
// another program) is read with the name cut, so that no report fills a
// screen with it.
func TestParseCutsLongText(t *testing.T) {
	doc := sample(t)
	long := strings.Repeat("n", 10<<10)
	for _, field := range []string{`"name": "Ana Ruiz"`, `"org": "Acme Analytics"`, `"note": "`} {
		// field is a key and the start of its value, where the long text goes.
		if !strings.Contains(doc, field) {
			t.Fatalf("the sample has no %s", field)
		}
		key := field[:strings.Index(field, `: "`)+3]
		doc = strings.Replace(doc, field, key+long+field[len(key):], 1)
	}
	r, err := result.Parse("r.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	s, err := result.ParseSummary("r.json", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	for what, got := range map[string]string{"name": r.Respondent.Name, "org": r.Respondent.Org, "summary name": s.Respondent.Name, "summary org": s.Respondent.Org} {
		if n := utf8.RuneCountInString(got); n != result.MaxNameLength || !strings.HasSuffix(got, "…") {
			t.Errorf("%s is %d characters, want %d ending in …", what, n, result.MaxNameLength)
		}
	}
	noted := 0
	for _, a := range r.Answers {
		if strings.HasPrefix(a.Note, "nnn") {
			noted++
			if n := utf8.RuneCountInString(a.Note); n != result.MaxNoteLength || !strings.HasSuffix(a.Note, "…") {
				t.Errorf("note is %d characters, want %d ending in …", n, result.MaxNoteLength)
			}
		}
	}
	if noted != 1 {
		t.Errorf("%d long notes, want 1", noted)
	}
}

func TestCheckTime(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	if err := result.CheckTime("r.json", now.Add(23*time.Hour), now); err != nil {
		t.Errorf("within a day: %v", err)
	}
	err := result.CheckTime("r.json", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), now)
	if want := "r.json: damaged result document: assessed_at is 9999-12-31, in the future (today is 2026-11-29)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// FuzzParseSummary holds ParseSummary, which decodes with a faster,
// stricter decoder, to the same answers as Parse, which uses
// encoding/json: whatever Parse accepts, ParseSummary accepts with the same
// values, and neither panics on any input.
func FuzzParseSummary(f *testing.F) {
	// A small valid result: the fuzzer mutates seeds, and the bigger they
	// are the fewer inputs it tries.
	data := []byte(`{"schema": "convergence.result/v1",
 "questionnaire": {"id": "q", "version": "1", "digest": "d"},
 "respondent": {"name": "Ana", "role": "it", "org": "Acme"},
 "assessed_at": "2026-11-23T10:00:00Z",
 "levels": [{"level": 1}, {"level": 2}, {"level": 3}, {"level": 4}, {"level": 5}],
 "answers": [{"question": "a", "status": "answered", "level": 3}, {"question": "b", "status": "unsure", "level": 1},
  {"question": "c", "status": "na", "level": 0}],
 "dimensions": [{"id": "d", "score": 2.5, "level": 2}],
 "overall": {"score": 2.5, "index": 37.5, "level": 2}}`)
	if _, err := result.Parse("r.json", data); err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(append([]byte("\xef\xbb\xbf"), data...))
	f.Add([]byte(strings.Replace(string(data), `"level": 3`, `"level": 9`, 1)))
	f.Add([]byte(strings.Replace(string(data), `"level": 3`, `"Level": 3, "level": 4`, 1)))
	f.Add([]byte(`{"schema": "convergence.result/v1"}`))
	f.Add([]byte("\x00garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, rerr := result.Parse("r.json", data)
		s, serr := result.ParseSummary("r.json", data)
		if rerr != nil {
			return
		}
		if serr != nil {
			t.Fatalf("Parse accepts what ParseSummary refuses: %v", serr)
		}
		if s.Respondent != r.Respondent || s.Questionnaire != r.Questionnaire || !s.AssessedAt.Equal(r.AssessedAt) ||
			s.Overall.Level != r.Overall.Level || s.Overall.Index != r.Overall.Index || len(s.Answers) != len(r.Answers) || len(s.Dimensions) != len(r.Dimensions) {
			t.Fatalf("ParseSummary %+v differs from Parse", s)
		}
		for i, a := range r.Answers {
			if got := s.Answers[i]; got.Question != a.Question || got.Status != a.Status || got.Level != a.Level {
				t.Fatalf("answer %d: %+v, Parse has %+v", i, got, a)
			}
		}
		for i, d := range r.Dimensions {
			if got := s.Dimensions[i]; got.ID != d.ID || got.Score != d.Score {
				t.Fatalf("dimension %d: %+v, Parse has %+v", i, got, d)
			}
		}
	})
}

// Marshal writes C1 controls and direction overrides as \u escapes, and
// leaves every other character, typographic quotes included, as it is.
func TestMarshalEscapesWhatATerminalWouldObey(t *testing.T) {
	data, err := result.Marshal(result.Respondent{Name: "A\u0085B\u202eC\u2066D “q” é", Org: "\u009b2J"})
	if err != nil {
		t.Fatal(err)
	}
	want := `"name": "A\u0085B\u202eC\u2066D “q” é"`
	if !strings.Contains(string(data), want) || !strings.Contains(string(data), `"org": "\u009b2J"`) {
		t.Errorf("Marshal wrote\n%s\nwant %s", data, want)
	}
	var back result.Respondent
	if err := json.Unmarshal(data, &back); err != nil || back.Name != "A\u0085B\u202eC\u2066D “q” é" {
		t.Errorf("the escapes do not read back: %q, %v", back.Name, err)
	}
}
