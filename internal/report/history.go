package report

import (
	"fmt"

	"github.com/convergence-model/convergence/internal/result"
)

// historyView is the list of saved results as the reports show it. Every
// string from a file has been through clean.
type historyView struct {
	Directory string
	Rows      []historyRow
	// Sparkline is the index from the oldest result to the newest.
	Sparkline string
	// ShowQuestionnaire is set when the results are of more than one
	// questionnaire or version, so the column tells them apart.
	ShowQuestionnaire bool
	Provisional       bool
}

type historyRow struct {
	Date          string
	Level         string
	Index         string
	Questionnaire string
	Respondent    string
	File          string
}

// maxSparkline is the most results the sparkline draws: the latest ones.
const maxSparkline = 60

func newHistoryView(h *result.History) historyView {
	v := historyView{Directory: clean(h.Directory)}
	refs := map[string]bool{}
	for _, e := range h.Results {
		refs[e.Questionnaire.ID+" "+e.Questionnaire.Version] = true
	}
	v.ShowQuestionnaire = len(refs) > 1
	var index []float64
	for i := len(h.Results) - 1; i >= 0; i-- {
		index = append(index, h.Results[i].Index)
	}
	v.Sparkline = Sparkline(index)
	for _, e := range h.Results {
		level := fmt.Sprintf("%d %s", e.Level, clean(e.LevelName))
		if e.Provisional {
			level += "*"
			v.Provisional = true
		}
		v.Rows = append(v.Rows, historyRow{
			Date:          e.AssessedAt.Local().Format("2006-01-02 15:04"),
			Level:         level,
			Index:         fmt.Sprintf("%.0f", e.Index),
			Questionnaire: clean(e.Questionnaire.ID + " " + e.Questionnaire.Version),
			Respondent:    clean(respondentName(e.Respondent)),
			File:          clean(e.File),
		})
	}
	return v
}

// respondentName is "Name (Role)", or "(anonymous)" without a name.
func respondentName(r result.Respondent) string {
	if r.Name == "" {
		r.Name = "(anonymous)"
	}
	return r.Who(false)
}
