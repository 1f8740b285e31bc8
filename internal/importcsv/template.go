package importcsv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// OptionsText lists a question's options as a form offers them, one a
// line: "1. …" to "5. …", "Not sure", and "Not applicable" (with when)
// where the question allows it.
func OptionsText(qu *questionnaire.Question) string {
	var lines []string
	for _, o := range qu.Options {
		lines = append(lines, fmt.Sprintf("%d. %s", o.Level, o.Label))
	}
	lines = append(lines, result.NotSureLabel)
	if qu.AllowNA {
		na := result.NotApplicableLabel
		if qu.NAWhen != "" {
			na += " (" + qu.NAWhen + ")"
		}
		lines = append(lines, na)
	}
	return strings.Join(lines, "\n")
}

// WriteTemplate writes the CSV a survey form is built from, and that
// import reads back: three rows. The first is the header, the ids the
// answers are matched by: name, role, org, assessed_at, then one column a
// question. The second holds each column's question text, the third its
// options, one a line. An export whose columns are headed either by the
// ids or by the exact question texts imports as it is; the second and
// third rows are skipped on import.
func WriteTemplate(w io.Writer, q *questionnaire.Questionnaire) error {
	header := []string{ColName, ColRole, ColOrg, ColAssessedAt}
	prompts := []string{respondentTitles[ColName], respondentTitles[ColRole], respondentTitles[ColOrg], respondentTitles[ColAssessedAt]}
	roles := make([]string, len(result.Roles))
	for i, r := range result.Roles {
		roles[i] = result.RoleName(r)
	}
	options := []string{"Optional", "One of:\n" + strings.Join(roles, "\n"), "Optional", "Optional: 2026-11-24 or 2026-11-24T10:00:00Z; default the time of import"}
	for _, qu := range q.Questions() {
		// A questionnaire of one's own may hold anything: the cells are
		// cleaned as every other text the program shows, line by line.
		opts := strings.Split(OptionsText(qu), "\n")
		for i, o := range opts {
			opts[i] = diag.Clean(o)
		}
		header = append(header, qu.ID)
		prompts = append(prompts, diag.Clean(qu.Prompt))
		options = append(options, strings.Join(opts, "\n"))
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what spreadsheets write, and read without fuss
	for _, rec := range [][]string{header, prompts, options} {
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
