// Package importcsv reads the CSV exports of survey tools (Microsoft
// Forms, Google Forms, Typeform, Qualtrics, a spreadsheet) into answers:
// one respondent a row, one question a column. It also writes the CSV
// template a form is built from. Parse is pure: the caller scores and
// saves.
//
// The shapes the tools produce are all taken: a UTF-8 byte order mark,
// quoted cells with line breaks, CRLF line ends, semicolons or tabs as the
// separator (European locales), extra columns (timestamps, e-mail
// addresses, response ids) and the extra header rows of a Qualtrics export.
package importcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// The respondent's columns: the header is the id or, as a form built from
// the template would title the question, the text.
const (
	ColName       = "name"
	ColRole       = "role"
	ColOrg        = "org"
	ColAssessedAt = "assessed_at"
)

// respondentTitles are the question texts the template gives the
// respondent's columns.
var respondentTitles = map[string]string{
	ColName:       "Your name",
	ColRole:       "Your role",
	ColOrg:        "Your organisation",
	ColAssessedAt: "Answered at",
}

// Bounds on what one cell may hold, as the web form bounds them.
const (
	maxNameRunes = 100
	// MaxRows bounds the rows read: a workshop is people, not a data set.
	MaxRows = 10000
	// headerRows is how many rows may come before the data: the header and
	// the rows of question texts or ids some tools add under it.
	headerRows = 3
)

// Row is one respondent's answers, ready to score.
type Row struct {
	// Number is the row's number in the file as a spreadsheet counts it
	// (the header is row 1), Line the line it starts on.
	Number, Line int
	Answers      *questionnaire.Answers
}

// Import is what a file gave: the rows that could be read in full, the
// problems of the others (by row and column), and the columns left aside.
type Import struct {
	Rows     []Row
	Problems diag.Problems
	// Ignored are the headers of columns that are not the questionnaire's
	// or the respondent's: timestamps, e-mail addresses, response ids.
	Ignored []string
	// Separator is the one detected: ',', ';' or '\t'.
	Separator rune
}

// column is what a column holds.
type column struct {
	index    int
	header   string
	question *questionnaire.Question // nil for a respondent column
	field    string                  // ColName, ColRole... for a respondent column

	// For a question's column, worked out once for every row: its place
	// in the questionnaire, and its prompt and options as a row of labels
	// holds them (normalized).
	order           int
	prompt, options string
}

// Parse reads a CSV export against q. A file that cannot be read as a
// table of answers at all (not UTF-8, no header, a question with no
// column, two columns for one question) is an error of diag.Problems; a row
// that cannot be read in full is listed in Import.Problems and left out,
// and the rows before and after it are kept. now dates the rows without
// an assessed_at.
func Parse(file string, data []byte, q *questionnaire.Questionnaire, now time.Time) (*Import, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, diag.Errorf(file, "is UTF-16 text; save it as \"CSV UTF-8\" and import that")
	}
	if !utf8.Valid(data) {
		return nil, diag.Errorf(file, "is not UTF-8 text; save it as \"CSV UTF-8 (comma delimited)\" and import that")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, diag.Errorf(file, "is empty")
	}
	sep := detectSeparator(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord = sep, -1
	var records [][]string
	// rows are the records' row numbers as a spreadsheet shows them: the
	// line a record starts on, less the line breaks inside earlier cells.
	var lines, rows []int
	inside := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, diag.Problems{{File: file, Line: pe.Line, Col: pe.Column, Msg: "is not a readable CSV file: " + pe.Err.Error()}}
			}
			return nil, diag.Errorf(file, "is not a readable CSV file: %v", err)
		}
		if len(records) > MaxRows+headerRows {
			return nil, diag.Errorf(file, "has more than %d rows", MaxRows)
		}
		line, _ := r.FieldPos(0)
		records, lines, rows = append(records, rec), append(lines, line), append(rows, line-inside)
		for _, cell := range rec {
			inside += strings.Count(cell, "\n")
		}
	}
	head, cols, err := findHeader(file, records, q)
	if err != nil {
		return nil, err
	}
	imp := &Import{Separator: sep}
	for _, c := range cols {
		if c.question == nil && c.field == "" && strings.TrimSpace(c.header) != "" {
			imp.Ignored = append(imp.Ignored, diag.Clean(c.header))
		}
	}
	for i := head + 1; i < len(records); i++ {
		rec := records[i]
		if blank(rec) || labelRow(rec, cols) {
			continue
		}
		row, probs := readRow(file, rows[i], lines[i], rec, cols, q, now)
		if len(probs) > 0 {
			imp.Problems = append(imp.Problems, probs...)
			continue
		}
		imp.Rows = append(imp.Rows, row)
	}
	return imp, nil
}

// detectSeparator picks the separator the header line uses most, outside
// quotes: a comma, or a semicolon or tab where the locale writes decimal
// commas.
func detectSeparator(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(data) {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// findHeader takes, among the first rows, the one that names the most
// questions as the header (a Qualtrics export has its question texts in
// the second row), and works out what each column holds.
func findHeader(file string, records [][]string, q *questionnaire.Questionnaire) (int, []column, error) {
	best, bestCols, bestCount := -1, []column(nil), 0
	for i := 0; i < len(records) && i < headerRows; i++ {
		cols := matchColumns(records[i], q)
		n := 0
		for _, c := range cols {
			if c.question != nil {
				n++
			}
		}
		if n > bestCount {
			best, bestCols, bestCount = i, cols, n
		}
	}
	if best < 0 {
		return 0, nil, diag.Problems{{File: file, Line: 1, Msg: fmt.Sprintf(
			"names none of the questions of %s in its first rows: a column's header must be a question's id (such as %s) or its exact text",
			q.Ref(), q.Questions()[0].ID)}}
	}
	var probs diag.Problems
	seen := map[string]column{}
	for _, c := range bestCols {
		key := c.field
		if c.question != nil {
			key = c.question.ID
		}
		if key == "" {
			continue
		}
		if prev, dup := seen[key]; dup {
			probs = append(probs, diag.Problem{File: file, Line: best + 1, Msg: fmt.Sprintf(
				"columns %s and %s are both %q: keep one", colName(prev.index), colName(c.index), key)})
		}
		seen[key] = c
	}
	for _, qu := range q.Questions() {
		if _, ok := seen[qu.ID]; !ok {
			probs = append(probs, diag.Problem{File: file, Line: best + 1, Msg: fmt.Sprintf(
				"no column for question %s (%q): give it a column headed with its id or its exact text", qu.ID, qu.Prompt)})
		}
	}
	if len(probs) > 0 {
		return 0, nil, probs
	}
	order := map[string]int{}
	for i, qu := range q.Questions() {
		order[qu.ID] = i
	}
	for i, c := range bestCols {
		if c.question != nil {
			bestCols[i].order = order[c.question.ID]
			bestCols[i].prompt = normalize(c.question.Prompt)
			bestCols[i].options = normalize(OptionsText(c.question))
		}
	}
	return best, bestCols, nil
}

func matchColumns(header []string, q *questionnaire.Questionnaire) []column {
	cols := make([]column, len(header))
	questions := q.Questions()
	for i, h := range header {
		cols[i] = column{index: i, header: h}
		key := normalize(h)
		for _, qu := range questions {
			if key == qu.ID || key == normalize(qu.Prompt) {
				cols[i].question = qu
			}
		}
		if cols[i].question != nil {
			continue
		}
		for field, title := range respondentTitles {
			if strings.EqualFold(key, field) || strings.EqualFold(key, title) {
				cols[i].field = field
			}
		}
	}
	return cols
}

// normalize trims a cell and folds its runs of white space (line breaks
// included) into single spaces: tools re-wrap long texts.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// labelRow reports whether a row under the header holds texts about the
// questions rather than answers: the template's rows of prompts and
// options, or a Qualtrics export's row of import ids.
func labelRow(rec []string, cols []column) bool {
	found := false
	for _, c := range cols {
		if c.question == nil {
			continue
		}
		cell := ""
		if c.index < len(rec) {
			cell = normalize(rec[c.index])
		}
		switch {
		case cell == c.prompt, cell == c.question.ID, cell == c.options,
			strings.HasPrefix(cell, `{"ImportId":`):
			found = true
		default:
			return false
		}
	}
	return found
}

// readRow reads one respondent's row, listing every cell it cannot read.
func readRow(file string, number, line int, rec []string, cols []column, q *questionnaire.Questionnaire, now time.Time) (Row, diag.Problems) {
	a := &questionnaire.Answers{File: fmt.Sprintf("%s:row %d", file, number), Questionnaire: q.Ref()}
	var probs diag.Problems
	// Answers go in questionnaire order, whatever the columns' order: each
	// question has one column (see findHeader), which knows its place.
	placed := make([]*questionnaire.Answer, len(cols))
	bad := func(c column, format string, args ...any) {
		probs = append(probs, diag.Problem{File: file, Line: line, Msg: fmt.Sprintf("row %d, column %s (%s): %s",
			number, colName(c.index), shortHeader(c), fmt.Sprintf(format, args...))})
	}
	for _, c := range cols {
		cell := ""
		if c.index < len(rec) {
			cell = normalize(rec[c.index])
		}
		switch {
		case c.question != nil:
			ans, err := ReadAnswer(c.question, cell)
			if err != nil {
				bad(c, "%v", err)
				continue
			}
			ans.Question = c.question.ID
			placed[c.order] = &ans
		case c.field == ColName:
			if utf8.RuneCountInString(cell) > maxNameRunes {
				bad(c, "a name of more than %d characters", maxNameRunes)
			}
			a.Respondent.Name = diag.Clean(cell)
		case c.field == ColOrg:
			if utf8.RuneCountInString(cell) > maxNameRunes {
				bad(c, "an organisation of more than %d characters", maxNameRunes)
			}
			a.Respondent.Org = diag.Clean(cell)
		case c.field == ColRole:
			role, ok := readRole(cell)
			if !ok {
				bad(c, "%q is not a role (%s)", truncate(cell), strings.Join(result.Roles, ", "))
			}
			a.Respondent.Role = role
		case c.field == ColAssessedAt:
			t, ok := readTime(cell)
			if !ok {
				bad(c, "%q is not a date and time like 2026-11-24T10:00:00Z", truncate(cell))
			} else if t.After(now.Add(result.MaxClockSkew)) {
				bad(c, "%s is in the future; give the date the answers were given (today is %s)",
					t.Format("2006-01-02"), now.UTC().Format("2006-01-02"))
			}
			a.AssessedAt = t
		}
	}
	if a.AssessedAt.IsZero() {
		a.AssessedAt = now.UTC().Truncate(time.Second)
	}
	for _, ans := range placed {
		if ans != nil {
			a.Items = append(a.Items, *ans)
		}
	}
	return Row{Number: number, Line: line, Answers: a}, probs
}

var numbered = regexp.MustCompile(`^([1-5])\s*[.):-]\s*(.+)$`)

// ReadAnswer reads a cell as an answer to qu: the option's text, its
// number (1 to 5), the number and the text ("2. Only by hand…"), "Not
// sure" or "Not applicable". Case and runs of white space do not matter.
func ReadAnswer(qu *questionnaire.Question, cell string) (questionnaire.Answer, error) {
	cell = normalize(cell)
	switch strings.ToLower(cell) {
	case "":
		return questionnaire.Answer{}, errors.New("no answer")
	case strings.ToLower(result.NotSureLabel), "unsure":
		return questionnaire.Answer{Status: result.Unsure}, nil
	case strings.ToLower(result.NotApplicableLabel), "na", "n/a":
		if !qu.AllowNA {
			return questionnaire.Answer{}, errors.New(`"Not applicable" is not an answer this question allows`)
		}
		return questionnaire.Answer{Status: result.NA}, nil
	}
	if len(cell) == 1 && cell[0] >= '1' && cell[0] <= '5' {
		level := int(cell[0] - '0')
		if qu.Option(level) != "" {
			return questionnaire.Answer{Status: result.Answered, Level: level}, nil
		}
	}
	for _, o := range qu.Options {
		if strings.EqualFold(cell, normalize(o.Label)) {
			return questionnaire.Answer{Status: result.Answered, Level: o.Level}, nil
		}
	}
	if m := numbered.FindStringSubmatch(cell); m != nil {
		level, _ := strconv.Atoi(m[1])
		if strings.EqualFold(m[2], normalize(qu.Option(level))) {
			return questionnaire.Answer{Status: result.Answered, Level: level}, nil
		}
	}
	if qu.AllowNA {
		return questionnaire.Answer{}, fmt.Errorf("%q is none of the options: give an option's text or its number (1 to 5), %q or %q",
			truncate(cell), result.NotSureLabel, result.NotApplicableLabel)
	}
	return questionnaire.Answer{}, fmt.Errorf("%q is none of the options: give an option's text or its number (1 to 5), or %q",
		truncate(cell), result.NotSureLabel)
}

func readRole(cell string) (string, bool) {
	if cell == "" {
		return "", true
	}
	if r, ok := result.NormalizeRole(cell); ok {
		return r, true
	}
	for _, r := range result.Roles {
		if strings.EqualFold(cell, result.RoleName(r)) {
			return r, true
		}
	}
	return "", false
}

func readTime(cell string) (time.Time, bool) {
	if cell == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, cell); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// colName is a column's name as a spreadsheet shows it: A, B, … Z, AA.
func colName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

func shortHeader(c column) string {
	if c.question != nil {
		return c.question.ID
	}
	if c.field != "" {
		return c.field
	}
	return truncate(c.header)
}

// truncate keeps a quoted cell short in a message.
func truncate(s string) string {
	s = diag.Clean(s)
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:59]) + "…"
}
