package result_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
