package report

import (
	"io"

	"github.com/convergence-model/convergence/internal/result"
)

// writeText renders the terminal report. Styled, it is coloured with
// lipgloss and written through a colour-profile writer that keeps only what
// the terminal can show; plain, it has no escape codes at all. Both have the
// same lines: every word and symbol that carries meaning is there without
// colour, and every line fits the width.
func writeText(w io.Writer, r *result.Result, opts Options) error {
	t := newTextWriter(newView(r), opts)
	t.header()
	t.verdict()
	t.dimensions()
	t.why()
	t.flags()
	t.ai()
	t.gaps()
	t.unknowns()
	if opts.Baseline != nil {
		t.comparison(newCompareView(opts.Baseline, true), true)
	}
	t.plan()
	t.footer()
	t.summary()
	return t.flush(w, opts)
}
