package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/convergence-model/convergence/internal/result"
)

// The JUnit report is the gates, one test case each, in the XML that CI
// systems read as test results (GitLab's artifacts:reports:junit,
// Jenkins, most CI test views): the format of Apache Ant's JUnit task, as
// the Jenkins xUnit plugin's junit-10.xsd describes it (a copy is in
// testdata/, and the tests validate against it). Test case names are
// stable from run to run, so a CI system can follow each gate over time;
// what failed is in the failure's message.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes the gates of a result or a comparison:
//
//   - min-level, for a result scored with --min-level;
//   - regression: overall, and regression: <dimension id> for every
//     dimension, for a comparison and for a result scored against a
//     baseline: failed when that level went down in the latest step, and
//     skipped when that step is not comparable (the questionnaire
//     changed).
//
// A document without gates gives a suite with no test cases. The exit
// status stays the command's: a regression fails the job only with
// --fail-on-regression.
func writeJUnit(w io.Writer, doc any, opts Options) error {
	var s junitSuite
	var cmp *result.Comparison
	switch d := doc.(type) {
	case *result.Result:
		s = newJUnitSuite("convergence score", d.Questionnaire, d.AssessedAt, d.Overall.Level, d.Overall.Index)
		if opts.MinLevel > 0 {
			c := junitCase{Name: "min-level", Classname: "convergence.gates", Time: "0"}
			if d.Overall.Level < opts.MinLevel {
				msg := fmt.Sprintf("Level %d (%s) is below --min-level %d.", d.Overall.Level, clean(d.Overall.LevelName), opts.MinLevel)
				c.Failure = &junitMessage{Message: msg, Type: "min-level", Text: msg}
			}
			s.Cases = append(s.Cases, c)
		}
		cmp = opts.Baseline
	case *result.Comparison:
		latest := d.Results[len(d.Results)-1]
		s = newJUnitSuite("convergence compare", latest.Questionnaire, latest.AssessedAt, latest.Level, latest.Index)
		cmp = d
	default:
		return fmt.Errorf("report: no %s format for a %T", JUnit, doc)
	}
	if cmp != nil {
		s.Cases = append(s.Cases, regressionCases(cmp)...)
	}
	for _, c := range s.Cases {
		s.Tests++
		switch {
		case c.Failure != nil:
			s.Failures++
		case c.Skipped != nil:
			s.Skipped++
		}
	}
	out := junitSuites{Name: "convergence", Tests: s.Tests, Failures: s.Failures, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func newJUnitSuite(name string, q result.QuestionnaireRef, at time.Time, level int, index float64) junitSuite {
	return junitSuite{
		Name: name, Time: "0",
		// JUnit timestamps are ISO 8601 without a zone, in UTC by custom.
		Timestamp: at.UTC().Format("2006-01-02T15:04:05"),
		Properties: []junitProperty{
			{"questionnaire", clean(q.ID + "@" + q.Version)},
			{"level", strconv.Itoa(level)},
			{"index", number(index)},
		},
	}
}

// regressionCases are the regression gates of the latest step: the overall
// level, then every dimension.
func regressionCases(c *result.Comparison) []junitCase {
	step := c.Steps[len(c.Steps)-1]
	down := map[string]result.Regression{}
	for _, r := range c.Regressions {
		down[r.What] = r
	}
	since := c.Results[step.From].AssessedAt.Format("2 Jan 2006")
	gate := func(what, name string) junitCase {
		jc := junitCase{Name: "regression: " + clean(what), Classname: "convergence.regression", Time: "0"}
		if !step.Comparable {
			msg := fmt.Sprintf("Not compared: the questionnaire changed since %s (%s → %s).", since,
				clean(c.Results[step.From].Questionnaire.Version), clean(c.Results[step.To].Questionnaire.Version))
			jc.Skipped = &junitMessage{Message: msg}
			return jc
		}
		if r, ok := down[what]; ok {
			msg := fmt.Sprintf("%s went down from Level %d to Level %d since %s.", clean(name), r.FromLevel, r.ToLevel, since)
			jc.Failure = &junitMessage{Message: msg, Type: "regression", Text: msg}
		}
		return jc
	}
	cases := []junitCase{gate("overall", "Overall level")}
	for _, d := range step.Dimensions {
		cases = append(cases, gate(d.ID, d.Name))
	}
	return cases
}
