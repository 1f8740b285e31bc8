package report

import (
	"io"

	"github.com/convergence-model/convergence/internal/result"
)

// htmlData is what the template fills in.
type htmlData struct {
	*view
	Radar  *radar
	Meters []meter
	// IndexFill is the index as the filled width of a 0..200 gauge.
	IndexFill string
	// Groups are the answers by dimension, for the table of all answers.
	Groups    []answerGroup
	PlanIntro string
	// Since is the comparison with a baseline, shown as a section of its
	// own; nil without one.
	Since *compareView
}

type answerGroup struct {
	Dimension string
	Answers   []answerView
}

func writeHTML(w io.Writer, r *result.Result, opts Options) error {
	v := newView(r)
	d := htmlData{view: v, Radar: newRadar(v.Dimensions), PlanIntro: planIntro(v.Plan)}
	if opts.Baseline != nil {
		d.Since = newCompareView(opts.Baseline)
		d.Since.RegressionsTitle = sinceRegressions
	}
	idx := max(0, min(100, v.IndexValue))
	d.IndexFill = f2(meterW * idx / 100)
	for _, dim := range v.Dimensions {
		d.Meters = append(d.Meters, newMeter(dim.Score))
	}
	for _, a := range v.Answers {
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Dimension != a.Dimension {
			d.Groups = append(d.Groups, answerGroup{Dimension: a.Dimension})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Answers = append(g.Answers, a)
	}
	return htmlTemplate().ExecuteTemplate(w, "report", d)
}
