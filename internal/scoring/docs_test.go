package scoring

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// docTable returns the rows of the Markdown table that follows the marker
// <!-- checked: name ... --> in docs/scoring.md, each row as its cells.
func docTable(t *testing.T, name string) (args []string, rows [][]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "scoring.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`<!-- checked: ` + regexp.QuoteMeta(name) + `([^>]*)-->\n`).FindSubmatchIndex(data)
	if m == nil {
		t.Fatalf("docs/scoring.md has no %q example", name)
	}
	args = strings.Fields(string(data[m[2]:m[3]]))
	inTable := false
	for _, line := range strings.Split(string(data[m[1]:]), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if inTable {
				break
			}
			continue
		}
		inTable = true
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if strings.HasPrefix(cells[0], "---") {
			continue
		}
		rows = append(rows, cells)
	}
	return args, rows[1:] // without the header
}

func ints(t *testing.T, s string) []int {
	t.Helper()
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		out = append(out, n)
	}
	return out
}

func TestDocsDimensionLevels(t *testing.T) {
	_, rows := docTable(t, "dimension-levels")
	for _, r := range rows {
		var levels []float64
		for _, n := range ints(t, r[0]) {
			levels = append(levels, float64(n))
		}
		if got := dimensionLevel(levels); fmt.Sprint(got) != r[1] {
			t.Errorf("docs/scoring.md says %s is Level %s; the engine says %d", r[0], r[1], got)
		}
	}
}

// TestDocsOverallLevels answers every question of a dimension at that
// dimension's level, then breaks the gate the row names.
func TestDocsOverallLevels(t *testing.T) {
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	broken := map[string]string{"not the customer ID": "data.customer-id", "not opt-out handling": "data.consent"}
	_, rows := docTable(t, "overall-levels")
	for _, r := range rows {
		dims := ints(t, r[0])
		vals := map[string]value{}
		for i, d := range q.Dimensions {
			for _, qu := range d.Questions {
				vals[qu.ID] = value{status: result.Answered, level: float64(dims[i])}
			}
		}
		for _, g := range q.Gates {
			v := vals[g.Requires.Question]
			v.level = math.Max(v.level, float64(g.Requires.AtLeast))
			vals[g.Requires.Question] = v
		}
		if r[1] != "all" {
			id, ok := broken[r[1]]
			if !ok {
				t.Fatalf("unknown gate %q", r[1])
			}
			vals[id] = value{status: result.Answered, level: 2}
		}
		if got := evaluate(q, vals, false).level; fmt.Sprint(got) != r[2] {
			t.Errorf("docs/scoring.md says dimensions %s with gates %s give Level %s; the engine says %d", r[0], r[1], r[2], got)
		}
	}
}

func TestDocsWorkedExample(t *testing.T) {
	args, rows := docTable(t, "worked-example")
	file := filepath.Join("..", "..", args[0])
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	a, err := questionnaire.LoadAnswers(file)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Score(q, a, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		d := r.Dimensions[i]
		var answers []string
		for _, qu := range q.Dimensions[i].Questions {
			it, _ := a.Get(qu.ID)
			answers = append(answers, fmt.Sprint(it.Level))
		}
		if row[0] != d.Name || row[1] != strings.Join(answers, ", ") || row[2] != fmt.Sprint(d.Level) || row[3] != fmt.Sprintf("%.2f", d.Score) {
			t.Errorf("docs/scoring.md row %q; the engine: %s | %s | %d | %.2f", row, d.Name, strings.Join(answers, ", "), d.Level, d.Score)
		}
	}
	doc, _ := os.ReadFile(filepath.Join("..", "..", "docs", "scoring.md"))
	for _, want := range []string{
		fmt.Sprintf("holds the level at\n**%d**", r.Overall.Level),
		r.Overall.Reason,
		fmt.Sprintf("= **%.0f**", r.Overall.Index),
	} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("docs/scoring.md's worked example does not say %q", want)
		}
	}
	if nl := r.Overall.NextLevel; nl == nil || len(nl.Changes) != 1 || nl.Changes[0].Question != "data.customer-id" || nl.Changes[0].From != 2 || nl.Changes[0].To != 3 {
		t.Errorf("the worked example's shortest path is %+v, not the customer ID from 2 to 3", r.Overall.NextLevel)
	}
}
