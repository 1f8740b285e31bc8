package report

import (
	"io"

	"github.com/convergence-model/convergence/internal/result"
)

// htmlData is what the template fills in.
type htmlData struct {
	*view
	Radar *radar
	// Bars are the dimensions' bars, in the order of the dimensions.
	Bars []meterBar
	// Scale places the numbers 1 to 5 under the bars.
	Scale []scaleMark
	// HasCaps and HasSpread say which marks the bars' legend explains.
	HasCaps, HasSpread bool
	// IndexFill is the index as the filled width of a 0..99 gauge.
	IndexFill string
	// TopGaps are shown first; MoreGaps are folded away.
	TopGaps, MoreGaps []gapView
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

// newHTMLData lays out what a single result and a workshop share.
func newHTMLData(v *view) htmlData {
	d := htmlData{view: v, PlanIntro: planIntro(v.Plan), Scale: meterScale()}
	d.IndexFill = f2(99 * max(0, min(100, v.IndexValue)) / 100)
	for _, dim := range v.Dimensions {
		b := newMeterBar(dim)
		d.HasCaps = d.HasCaps || len(b.Caps) > 0
		d.HasSpread = d.HasSpread || dim.Spread != nil
		d.Bars = append(d.Bars, b)
	}
	n := min(len(v.Gaps), maxGaps)
	d.TopGaps, d.MoreGaps = v.Gaps[:n], v.Gaps[n:]
	return d
}

func writeHTML(w io.Writer, r *result.Result, opts Options) error {
	v := newView(r)
	d := newHTMLData(v)
	d.Radar = newRadar(v.Dimensions)
	if opts.Baseline != nil {
		d.Since = newCompareView(opts.Baseline, true)
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
