package report_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/convergence-model/convergence/internal/golden"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

func write(t *testing.T, doc any, f report.Format, opts report.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, doc, f, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// history is three saved results, newest first.
func history(t *testing.T) *result.History {
	h := &result.History{Schema: result.HistorySchema, Directory: "/home/ana/.local/share/convergence/results"}
	for _, name := range []string{"level5", "capped-level2", "level1-unknowns"} {
		r := sample(t, name)
		h.Results = append(h.Results, result.HistoryEntry{
			File: filepath.Join(h.Directory, name+".json"), AssessedAt: r.AssessedAt, Respondent: r.Respondent, Questionnaire: r.Questionnaire,
			Level: r.Overall.Level, LevelName: r.Overall.LevelName, Index: r.Overall.Index, Provisional: r.Overall.Provisional,
		})
	}
	return h
}

// The OpenMetrics output is read back by Prometheus' own OpenMetrics
// parser, which refuses anything the format does not allow (a missing
// "# EOF" included).
func TestOpenMetrics(t *testing.T) {
	r, since := sinceBaseline(t)
	docs := []struct {
		name string
		doc  any
		opts report.Options
		want map[string]float64 // a few samples, by name and labels
	}{
		{"capped-level2", sample(t, "capped-level2"), report.Options{}, map[string]float64{
			`convergence_level{questionnaire="convergence-core",questionnaire_version="1.1",role="data"}`:                            2,
			`convergence_dimension_score{questionnaire="convergence-core",questionnaire_version="1.1",role="data",dimension="kpis"}`: 3.5,
			`convergence_provisional{questionnaire="convergence-core",questionnaire_version="1.1",role="data"}`:                      0,
		}},
		{"capped-level2-since", r, report.Options{Baseline: since}, map[string]float64{
			`convergence_regressions{questionnaire="convergence-core",questionnaire_version="1.1",role="data"}`: 0,
			`convergence_comparable{questionnaire="convergence-core",questionnaire_version="1.1",role="data"}`:  1,
		}},
		{"compare", progress(t), report.Options{}, map[string]float64{
			`convergence_results{questionnaire="convergence-core",questionnaire_version="1.1",role="marketing"}`:      3,
			`convergence_level_change{questionnaire="convergence-core",questionnaire_version="1.1",role="marketing"}`: 4,
		}},
		{"workshop", workshop(t, false), report.Options{}, map[string]float64{
			`convergence_respondents{questionnaire="convergence-core",questionnaire_version="1.1"}`:               3,
			`convergence_role_index{questionnaire="convergence-core",questionnaire_version="1.1",role="service"}`: 44.48,
		}},
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			out := write(t, d.doc, report.OpenMetrics, d.opts)
			golden.Assert(t, d.name+".openmetrics", out)
			if !bytes.HasSuffix(out, []byte("\n# EOF\n")) {
				t.Error("no # EOF at the end")
			}
			got := map[string]float64{}
			dec := expfmt.NewDecoder(bytes.NewReader(out), expfmt.FmtOpenMetrics_1_0_0)
			for {
				var mf dto.MetricFamily
				err := dec.Decode(&mf)
				if err != nil {
					if err.Error() != "EOF" {
						t.Fatalf("the OpenMetrics parser refuses the output: %v\n%s", err, out)
					}
					break
				}
				if mf.GetType() != dto.MetricType_GAUGE || mf.GetHelp() == "" {
					t.Errorf("%s: type %v, help %q", mf.GetName(), mf.GetType(), mf.GetHelp())
				}
				for _, m := range mf.GetMetric() {
					var l []string
					for _, lp := range m.GetLabel() {
						l = append(l, lp.GetName()+`="`+lp.GetValue()+`"`)
					}
					slices.Sort(l)
					got[mf.GetName()+"{"+strings.Join(l, ",")+"}"] = m.GetGauge().GetValue()
				}
			}
			// The parser sorts labels by name; so do the wanted keys.
			for k, v := range d.want {
				key := sortLabels(k)
				if g, ok := got[key]; !ok || g != v {
					t.Errorf("%s = %v (found %v), want %v", k, g, ok, v)
				}
			}
			// Prometheus' textfile collector reads the text format.
			p := expfmt.NewTextParser(model.LegacyValidation)
			if _, err := p.TextToMetricFamilies(bytes.NewReader(out)); err != nil {
				t.Errorf("the text-format parser refuses the output: %v", err)
			}
		})
	}
}

func sortLabels(key string) string {
	name, rest, _ := strings.Cut(key, "{")
	l := strings.Split(strings.TrimSuffix(rest, "}"), ",")
	slices.Sort(l)
	return name + "{" + strings.Join(l, ",") + "}"
}

// Label values from files are escaped, so a hostile role or questionnaire
// id cannot break a line or a label.
func TestOpenMetricsEscapesLabels(t *testing.T) {
	r := sample(t, "capped-level2")
	r.Questionnaire.ID = "a\"b\\c\nd"
	out := write(t, r, report.OpenMetrics, report.Options{})
	if !strings.Contains(string(out), `questionnaire="a\"b\\c d"`) {
		t.Errorf("label not escaped:\n%s", out)
	}
	dec := expfmt.NewDecoder(bytes.NewReader(out), expfmt.FmtOpenMetrics_1_0_0)
	var mf dto.MetricFamily
	if err := dec.Decode(&mf); err != nil {
		t.Errorf("unparsable: %v", err)
	}
}

// The CSV reads back as RFC 4180 with one header, every row as wide as it,
// every kind documented, and no cell a spreadsheet would run as a formula.
func TestCSV(t *testing.T) {
	hostileResult := hostile(t)
	docs := []struct {
		name  string
		doc   any
		kinds []string
	}{
		{"capped-level2", sample(t, "capped-level2"), []string{"result", "dimension", "answer", "action"}},
		{"compare", progress(t), []string{"result", "dimension", "answer"}},
		{"workshop", workshop(t, false), []string{"group", "group-dimension", "result", "answer", "action"}},
		{"history", history(t), []string{"result"}},
		{"hostile", hostileResult, nil},
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			out := write(t, d.doc, report.CSV, report.Options{})
			if d.name != "hostile" {
				golden.Assert(t, d.name+".csv", out)
			}
			if !bytes.Contains(out, []byte("\r\n")) || bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
				t.Error("lines do not end in CRLF")
			}
			rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rows[0], report.CSVHeader) {
				t.Errorf("header %q", rows[0])
			}
			kinds := map[string]int{}
			for _, row := range rows[1:] {
				kinds[row[0]]++
				for _, cell := range row {
					if cell != "" && strings.ContainsAny(cell[:1], "=+-@\t\r") {
						t.Errorf("cell %q could run as a formula", cell)
					}
				}
			}
			for _, k := range d.kinds {
				if kinds[k] == 0 {
					t.Errorf("no %s rows: %v", k, kinds)
				}
			}
		})
	}
	// One row per respondent and question, in a workshop too.
	ws := workshop(t, true)
	rows, _ := csv.NewReader(bytes.NewReader(write(t, ws, report.CSV, report.Options{}))).ReadAll()
	answers := 0
	for _, row := range rows {
		if row[0] == "answer" {
			answers++
			if !strings.HasPrefix(row[1], "Respondent ") {
				t.Errorf("an anonymous workshop names %q", row[1])
			}
		}
	}
	if want := len(ws.Respondents) * len(ws.Questions); answers != want {
		t.Errorf("%d answer rows, want %d", answers, want)
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	r := sample(t, "capped-level2")
	r.Respondent.Name = "=HYPERLINK(\"http://x\")"
	r.Respondent.Org = "+1 555"
	r.Answers[0].Note = "@SUM(A1)"
	r.Answers[1].Note = "-2"
	out := string(write(t, r, report.CSV, report.Options{}))
	for _, want := range []string{`"'=HYPERLINK(""http://x"")"`, "'+1 555", "'@SUM(A1)", "'-2"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in the CSV", want)
		}
	}
}

// The JUnit report validates against the junit-10 XSD (with xmllint,
// which CI installs), and has one test case per gate.
func TestJUnit(t *testing.T) {
	r, since := sinceBaseline(t)
	down, _ := sinceBaseline(t)
	docs := []struct {
		name     string
		doc      any
		opts     report.Options
		cases    []string
		failures int
	}{
		{"capped-level2-min-level", sample(t, "capped-level2"), report.Options{MinLevel: 3}, []string{"min-level"}, 1},
		{"capped-level2-since", r, report.Options{Baseline: since, MinLevel: 2},
			[]string{"min-level", "regression: overall", "regression: data", "regression: platforms", "regression: kpis", "regression: alignment"}, 0},
		{"compare", progress(t), report.Options{}, []string{"regression: overall", "regression: data", "regression: platforms", "regression: kpis", "regression: alignment"}, 0},
		{"none", down, report.Options{}, nil, 0},
	}
	xmllint, lerr := exec.LookPath("xmllint")
	if lerr != nil && os.Getenv("CONVERGENCE_REQUIRE_XMLLINT") == "1" {
		t.Fatal("xmllint is not on PATH; on Debian: apt-get install libxml2-utils")
	}
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			out := write(t, d.doc, report.JUnit, d.opts)
			golden.Assert(t, d.name+".junit.xml", out)
			for _, c := range d.cases {
				if !strings.Contains(string(out), `<testcase name="`+c+`"`) {
					t.Errorf("no test case %q", c)
				}
			}
			if got := strings.Count(string(out), "<testcase "); got != len(d.cases) {
				t.Errorf("%d test cases, want %d", got, len(d.cases))
			}
			if got := strings.Count(string(out), "<failure "); got != d.failures {
				t.Errorf("%d failures, want %d", got, d.failures)
			}
			if xmllint == "" {
				t.Skip("xmllint is not on PATH (Debian: libxml2-utils); the schema check is skipped")
			}
			file := filepath.Join(t.TempDir(), "junit.xml")
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit-10.xsd"), file)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("xmllint: %v\n%s\n%s", err, msg, out)
			}
		})
	}
}

// A regression fails its gate; across a change of questionnaire the gates
// are skipped, not failed.
func TestJUnitRegressionAndChange(t *testing.T) {
	c := progress(t)
	// Make the latest step go down: the last result below the one before.
	last := &c.Steps[len(c.Steps)-1]
	c.Regressions = []result.Regression{{What: "overall", Name: "Overall level", FromLevel: 2, ToLevel: 1}}
	out := string(write(t, c, report.JUnit, report.Options{}))
	if !strings.Contains(out, `<failure message="Overall level went down from Level 2 to Level 1 since`) {
		t.Errorf("no failure:\n%s", out)
	}
	last.Comparable = false
	c.Regressions = nil
	out = string(write(t, c, report.JUnit, report.Options{}))
	if strings.Contains(out, "<failure") || strings.Count(out, "<skipped ") != 5 {
		t.Errorf("the gates across a change of questionnaire are not skipped:\n%s", out)
	}
}
