package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// writeHistoryText lists the saved results for the terminal, newest first,
// in 80 columns: long names and questionnaire ids are cut, since file names
// and the whole of them are in --format json.
func writeHistoryText(w io.Writer, h *result.History, _ Options) error {
	v := newHistoryView(h)
	var b strings.Builder
	if len(v.Rows) == 0 {
		fmt.Fprintf(&b, "No results saved in %s yet.\nRun \"convergence assess\" to make one.\n", v.Directory)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "%s in %s\n", diag.Count(len(v.Rows), "result", "results"), v.Directory)
	fmt.Fprintf(&b, "Index, oldest to newest: %s\n\n", v.Sparkline)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	if v.ShowQuestionnaire {
		fmt.Fprintln(tw, "DATE\tLEVEL\tINDEX\tQUESTIONNAIRE\tRESPONDENT")
	} else {
		fmt.Fprintln(tw, "DATE\tLEVEL\tINDEX\tRESPONDENT")
	}
	// Columns are cut so a row fits 80 columns with the questionnaire shown
	// and 72 without.
	width := 30
	if v.ShowQuestionnaire {
		width = 18
	}
	for _, r := range v.Rows {
		row := r.Date + "\t" + r.Level + "\t" + r.Index + "\t"
		if v.ShowQuestionnaire {
			row += diag.Truncate(r.Questionnaire, 16) + "\t"
		}
		fmt.Fprintln(tw, row+diag.Truncate(r.Respondent, width))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if v.Provisional {
		b.WriteString("\n* provisional: some answers were \"not sure\"\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
