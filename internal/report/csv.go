package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/convergence-model/convergence/internal/result"
)

// CSVHeader is the one header of every CSV report: a tidy, long format in
// which each row is one observation and its kind says which, so that the
// rows of a result, a workshop, a comparison and a history stack in one
// sheet and filter and pivot the same way. Columns that do not apply to a
// kind are empty. The kinds:
//
//   - result: one respondent's result (a history, a comparison, a single
//     result, and each respondent of a workshop): who, when, the
//     questionnaire, the level (label: its name), score, index, whether
//     provisional, and the file where there is one.
//   - group: a workshop's own result, scored from everyone's answers.
//   - dimension: a result's dimension: its level (label: the level's
//     name) and score. group-dimension is the same for a workshop's group.
//   - answer: one respondent's answer to one question: status (answered,
//     unsure or na), level (empty unless answered), the chosen option's
//     label, and the evidence note.
//   - action: one action of the 90-day plan: its phase and weeks, id,
//     title and owner, and the dimension and question it moves.
var CSVHeader = []string{
	"kind", "respondent", "role", "org", "assessed_at", "questionnaire",
	"dimension", "question", "status", "level", "label", "score", "index", "provisional",
	"note", "phase", "weeks", "action", "title", "owner", "file",
}

// csvRow is one row by column name.
type csvRow map[string]string

// writeCSV writes a document as CSV: RFC 4180 (quoted where needed, CRLF
// line ends), UTF-8, with CSVHeader first. Text from files is cleaned of
// control characters, as in every report. A cell that a spreadsheet would
// read as a formula — one starting with "=", "+", "-", "@", a tab or a
// carriage return — is prefixed with "'", so that text from a file can
// never run as one.
func writeCSV(w io.Writer, doc any) error {
	var rows []csvRow
	switch d := doc.(type) {
	case *result.Result:
		rows = resultRows(d)
	case *result.Workshop:
		rows = workshopRows(d)
	case *result.Comparison:
		for _, r := range d.Results {
			who := who{r.Respondent, r.AssessedAt, r.Questionnaire}
			rows = append(rows, who.row("result", csvRow{
				"level": strconv.Itoa(r.Level), "label": r.LevelName, "score": number(r.Score), "index": number(r.Index),
				"provisional": strconv.FormatBool(r.Provisional), "file": r.File,
			}))
			for _, dim := range r.Dimensions {
				rows = append(rows, who.row("dimension", csvRow{"dimension": dim.ID, "level": strconv.Itoa(dim.Level), "score": number(dim.Score)}))
			}
			for _, a := range r.Answers {
				rows = append(rows, who.answer(a.Dimension, a.Question, a.Status, a.Level, a.Label, a.Note))
			}
		}
	case *result.History:
		for _, e := range d.Results {
			rows = append(rows, who{e.Respondent, e.AssessedAt, e.Questionnaire}.row("result", csvRow{
				"level": strconv.Itoa(e.Level), "label": e.LevelName, "index": number(e.Index),
				"provisional": strconv.FormatBool(e.Provisional), "file": e.File,
			}))
		}
	default:
		return fmt.Errorf("report: no %s format for a %T", CSV, doc)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	record := make([]string, len(CSVHeader))
	for _, r := range rows {
		for i, col := range CSVHeader {
			record[i] = safeCell(clean(r[col]))
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// who is what the rows of one respondent's result share.
type who struct {
	r  result.Respondent
	at time.Time
	q  result.QuestionnaireRef
}

func (w who) row(kind string, r csvRow) csvRow {
	r["kind"] = kind
	r["respondent"], r["role"], r["org"] = w.r.Name, w.r.Role, w.r.Org
	if !w.at.IsZero() {
		r["assessed_at"] = w.at.UTC().Format(time.RFC3339)
	}
	if w.q.ID != "" {
		r["questionnaire"] = w.q.ID + "@" + w.q.Version
	}
	return r
}

func (w who) answer(dimension, question string, status result.Status, level int, label, note string) csvRow {
	lv := ""
	if status == result.Answered {
		lv = strconv.Itoa(level)
	}
	return w.row("answer", csvRow{"dimension": dimension, "question": question, "status": string(status), "level": lv, "label": label, "note": note})
}

func resultRows(d *result.Result) []csvRow {
	w := who{d.Respondent, d.AssessedAt, d.Questionnaire}
	rows := []csvRow{w.row("result", csvRow{
		"level": strconv.Itoa(d.Overall.Level), "label": d.Overall.LevelName, "score": number(d.Overall.Score),
		"index": number(d.Overall.Index), "provisional": strconv.FormatBool(d.Overall.Provisional),
	})}
	for _, dim := range d.Dimensions {
		rows = append(rows, w.row("dimension", csvRow{"dimension": dim.ID, "level": strconv.Itoa(dim.Level), "label": dim.LevelName, "score": number(dim.Score)}))
	}
	for _, a := range d.Answers {
		rows = append(rows, w.answer(a.Dimension, a.Question, a.Status, a.Level, a.Label, a.Note))
	}
	return append(rows, planRows(w, d.Plan)...)
}

func workshopRows(d *result.Workshop) []csvRow {
	group := who{at: d.AssessedAt, q: d.Questionnaire}
	rows := []csvRow{group.row("group", csvRow{
		"level": strconv.Itoa(d.Overall.Level), "label": d.Overall.LevelName, "score": number(d.Overall.Score),
		"index": number(d.Overall.Index), "provisional": strconv.FormatBool(d.Overall.Provisional),
	})}
	for _, dim := range d.Dimensions {
		rows = append(rows, group.row("group-dimension", csvRow{"dimension": dim.ID, "level": strconv.Itoa(dim.Level), "label": dim.LevelName, "score": number(dim.Score)}))
	}
	for i, r := range d.Respondents {
		w := who{result.Respondent{Name: r.Name, Role: r.Role, Org: r.Org}, r.AssessedAt, d.Questionnaire}
		rows = append(rows, w.row("result", csvRow{"level": strconv.Itoa(r.Level), "label": r.LevelName, "index": number(r.Index)}))
		if i < len(d.Answers) {
			for j, a := range d.Answers[i] {
				if j < len(d.Questions) {
					q := d.Questions[j]
					rows = append(rows, w.answer(q.Dimension, q.Question, a.Status, a.Level, a.Label, ""))
				}
			}
		}
	}
	return append(rows, planRows(who{q: d.Questionnaire}, d.Plan)...)
}

// planRows are the plan's actions, phase by phase. A single result's plan
// rows name the respondent; a workshop's are the group's.
func planRows(w who, p result.Plan) []csvRow {
	var rows []csvRow
	for _, ph := range p.Phases {
		for _, a := range ph.Actions {
			rows = append(rows, w.row("action", csvRow{
				"dimension": a.Dimension, "question": a.Question, "phase": ph.Name, "weeks": ph.Weeks,
				"action": a.ID, "title": a.Title, "owner": a.Owner,
			}))
		}
	}
	return rows
}

// number writes a number as it is stored, with no trailing zeros: a score
// or an index has up to two decimals.
func number(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// safeCell keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell starting with "=", "+", "-", "@", a tab or a carriage
// return gets a leading "'", which spreadsheets show as text.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
