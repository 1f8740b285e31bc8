package report

import (
	"io"

	"github.com/convergence-model/convergence/internal/result"
)

// writeMarkdown renders the report as GitHub-flavoured Markdown: headings,
// tables and lists, for a client document or a CI job summary
// ($GITHUB_STEP_SUMMARY). Every string from a file is escaped, so a pipe
// cannot split a table cell and markup in an answer stays text.
func writeMarkdown(w io.Writer, r *result.Result, opts Options) error {
	m := newMDWriter(w, newView(r))
	m.header()
	m.verdict()
	m.dimensions()
	m.why()
	m.flags()
	m.ai()
	m.gaps()
	m.unknowns()
	if opts.Baseline != nil {
		m.comparison(newCompareView(opts.Baseline, true), true)
	}
	m.plan()
	m.answers()
	m.footer()
	return m.b.Flush()
}
