package report

import (
	"embed"
	"html/template"
	"io"
	"sync"

	"github.com/convergence-model/convergence/internal/result"
)

// The HTML report is one self-contained file: inline CSS and SVG, no
// scripts, no fonts, images or styles fetched from anywhere, and a content
// security policy that forbids them all in case anything slipped through.
// html/template escapes every string from the result by its context.

//go:embed *.html.tmpl
var htmlSources embed.FS

// htmlTemplate is parsed on first use, not at start-up, so that commands
// that print no HTML pay nothing for it. It holds every document ("report",
// "workshop", "comparison") and the parts they share.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	funcs := template.FuncMap{"inc": func(i int) int { return i + 1 }}
	return template.Must(template.New("").Funcs(funcs).ParseFS(htmlSources, "*.html.tmpl"))
})

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
