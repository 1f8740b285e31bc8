package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/convergence-model/convergence/internal/result"
)

// writeOpenMetrics writes a document's levels and scores in the OpenMetrics
// text format, which Prometheus' textfile collector and GitLab's metrics
// reports read: one gauge family per measure, each with its HELP and TYPE,
// labelled with the questionnaire, the respondent's role and the dimension
// where they apply, and "# EOF" at the end. Samples carry no timestamp
// (the textfile collector refuses them); the result's own time is the
// convergence_assessed_timestamp_seconds gauge.
func writeOpenMetrics(w io.Writer, doc any, opts Options) error {
	m := &metrics{}
	switch d := doc.(type) {
	case *result.Result:
		base := labels{"questionnaire", d.Questionnaire.ID, "questionnaire_version", d.Questionnaire.Version}
		if d.Respondent.Role != "" {
			base = append(base, "role", d.Respondent.Role)
		}
		m.overall(base, d.Overall, d.AssessedAt.Unix())
		for _, dim := range d.Dimensions {
			m.dimension(base, dim.ID, dim.Level, dim.Score)
		}
		if c := opts.Baseline; c != nil {
			m.latestStep(base, c)
		}
	case *result.Workshop:
		base := labels{"questionnaire", d.Questionnaire.ID, "questionnaire_version", d.Questionnaire.Version}
		m.overall(base, d.Overall, d.AssessedAt.Unix())
		for _, dim := range d.Dimensions {
			m.dimension(base, dim.ID, dim.Level, dim.Score)
		}
		m.gauge("convergence_respondents", "Respondents in the workshop.", base, float64(len(d.Respondents)))
		for _, r := range d.ByRole {
			m.gauge("convergence_role_index", "The mean 0-100 index of one role's respondents.", base.with("role", r.Role), r.Index)
		}
		for _, r := range d.ByRole {
			for _, dm := range r.Dimensions {
				m.gauge("convergence_role_dimension_score", "The mean 1-5 score of one role's respondents on a dimension.",
					base.with("role", r.Role, "dimension", dm.ID), dm.Mean)
			}
		}
	case *result.Comparison:
		latest := d.Results[len(d.Results)-1]
		base := labels{"questionnaire", latest.Questionnaire.ID, "questionnaire_version", latest.Questionnaire.Version}
		if latest.Respondent.Role != "" {
			base = append(base, "role", latest.Respondent.Role)
		}
		m.overall(base, result.Overall{Level: latest.Level, Score: latest.Score, Index: latest.Index, Provisional: latest.Provisional},
			latest.AssessedAt.Unix())
		for _, dim := range latest.Dimensions {
			m.dimension(base, dim.ID, dim.Level, dim.Score)
		}
		m.gauge("convergence_results", "Results in the comparison.", base, float64(len(d.Results)))
		m.gauge("convergence_days", "Days from the first result to the latest.", base, float64(d.Change.Days))
		if d.Change.Comparable {
			m.gauge("convergence_level_change", "Levels gained (negative: lost) from the first result to the latest.", base, float64(d.Change.Overall.Levels))
		}
		if p := d.Pace.LevelsPer90Days; p != nil {
			m.gauge("convergence_levels_per_90_days", "The pace: levels gained per 90 days, against a benchmark of one.", base, *p)
		}
		m.latestStep(base, d)
	default:
		return fmt.Errorf("report: no %s format for a %T", OpenMetrics, doc)
	}
	return m.write(w)
}

// labels are label names and values, in pairs, in the order written.
type labels []string

func (l labels) with(kv ...string) labels {
	return append(append(labels{}, l...), kv...)
}

// metrics collects gauge families in the order they are first met; every
// family's samples are written together.
type metrics struct {
	families []*family
}

type family struct {
	name, help string
	samples    []string
}

func (m *metrics) gauge(name, help string, l labels, v float64) {
	var f *family
	for _, g := range m.families {
		if g.name == name {
			f = g
		}
	}
	if f == nil {
		f = &family{name: name, help: help}
		m.families = append(m.families, f)
	}
	var b strings.Builder
	b.WriteString(name)
	if len(l) > 0 {
		b.WriteByte('{')
		for i := 0; i+1 < len(l); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%s=\"%s\"", l[i], escapeLabel(l[i+1]))
		}
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(number(v))
	f.samples = append(f.samples, b.String())
}

func (m *metrics) overall(base labels, o result.Overall, assessed int64) {
	m.gauge("convergence_level", "The overall maturity level, 1 (Siloed) to 5 (Converged).", base, float64(o.Level))
	if o.LevelIfConfirmed > 0 {
		m.gauge("convergence_level_if_confirmed", "The level once the answers that were not sure are confirmed.", base, float64(o.LevelIfConfirmed))
	}
	m.gauge("convergence_index", "The 0-100 index: the weighted mean of the dimension scores.", base, o.Index)
	m.gauge("convergence_score", "The weighted mean of the dimension scores, 1 to 5.", base, o.Score)
	m.gauge("convergence_provisional", "1 when the level would be higher once the answers that were not sure are confirmed.", base, boolValue(o.Provisional))
	m.gauge("convergence_assessed_timestamp_seconds", "When the result was assessed, in seconds since 1970.", base, float64(assessed))
}

func (m *metrics) dimension(base labels, id string, level int, score float64) {
	m.gauge("convergence_dimension_level", "A dimension's level, 1 to 5.", base.with("dimension", id), float64(level))
	m.gauge("convergence_dimension_score", "A dimension's score, 1 to 5.", base.with("dimension", id), score)
}

// latestStep is whether the latest step could be compared and how many
// levels went down in it.
func (m *metrics) latestStep(base labels, c *result.Comparison) {
	step := c.Steps[len(c.Steps)-1]
	m.gauge("convergence_comparable", "1 when the latest step compares results of the same questionnaire version.", base, boolValue(step.Comparable))
	m.gauge("convergence_regressions", "Levels (overall and dimensions) that went down in the latest step.", base, float64(len(c.Regressions)))
}

func (m *metrics) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, f := range m.families {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s gauge\n", f.name, escapeHelp(f.help), f.name)
		for _, s := range f.samples {
			bw.WriteString(s)
			bw.WriteByte('\n')
		}
	}
	bw.WriteString("# EOF\n")
	return bw.Flush()
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// labelEscaper escapes a label value as OpenMetrics asks: backslash,
// double quote and line feed.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// helpEscaper escapes HELP text: backslash and line feed. HELP texts hold
// no double quotes, which OpenMetrics would escape and the Prometheus text
// format would not.
var helpEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`)

// escapeLabel escapes a label value, cleaned of control characters first.
func escapeLabel(s string) string { return labelEscaper.Replace(clean(s)) }

// escapeHelp escapes HELP text.
func escapeHelp(s string) string { return helpEscaper.Replace(s) }
