package report

import (
	"io"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// writeHistoryMarkdown lists the saved results as a Markdown table.
func writeHistoryMarkdown(w io.Writer, h *result.History) error {
	v := newHistoryView(h)
	m := newMDWriter(w, nil)
	m.h(1, "Saved results")
	if len(v.Rows) == 0 {
		m.p("No results saved in %s yet.\n", md(v.Directory))
		return m.b.Flush()
	}
	m.p("%s in %s. Index, oldest to newest: %s\n\n", diag.Count(len(v.Rows), "result", "results"), md(v.Directory), v.Sparkline)
	m.p("| Date | Level | Index | Questionnaire | Respondent | File |\n|---|---|---:|---|---|---|\n")
	for _, r := range v.Rows {
		m.p("| %s | %s | %s | %s | %s | %s |\n", r.Date, cell(r.Level), r.Index, cell(r.Questionnaire), cell(r.Respondent), cell(r.File))
	}
	if v.Provisional {
		m.p("\n\\* provisional: some answers were \"not sure\"\n")
	}
	return m.b.Flush()
}
