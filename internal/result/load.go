package result

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/convergence-model/convergence/internal/diag"
)

// Limits on the free text of a result. An answers file with a longer name,
// organisation or note is refused; a result with one (edited, or written by
// another program) has it cut, with "…", when it is read, so that a report
// never fills a screen with one name.
const (
	MaxNameLength = 200
	MaxNoteLength = 500
)

// MaxClockSkew is how far in the future an assessment time may be: a day,
// for clocks and time zones that disagree. Later is a mistake.
const MaxClockSkew = 24 * time.Hour

// CheckTime refuses a result assessed more than MaxClockSkew after now (a
// date such as 9999-12-31 would stay at the top of every history). now is
// passed in, so that parsing stays pure.
func CheckTime(file string, assessedAt, now time.Time) error {
	if !assessedAt.After(now.Add(MaxClockSkew)) {
		return nil
	}
	return problem(file, 0, 0, "damaged result document: assessed_at is %s, in the future (today is %s)",
		assessedAt.UTC().Format("2006-01-02"), now.UTC().Format("2006-01-02"))
}

// bom is the UTF-8 byte order mark some editors on Windows put first.
var bom = []byte("\xef\xbb\xbf")

// Parse decodes a result document and checks that it is one: valid JSON,
// the convergence.result/v1 schema, and numbers and answers a report can
// trust. Problems name the file and, for syntax errors, the line and column.
// A byte order mark before the document is allowed. Names, organisations,
// roles and notes longer than the limits are cut.
func Parse(file string, data []byte) (*Result, error) {
	data = bytes.TrimPrefix(data, bom)
	var r Result
	if err := decode(file, data, &r); err != nil {
		return nil, err
	}
	r.Respondent = cutRespondent(r.Respondent)
	for i := range r.Answers {
		r.Answers[i].Note = diag.Truncate(r.Answers[i].Note, MaxNoteLength)
	}
	scores := make([]float64, 0, len(r.Dimensions)+1)
	for _, d := range r.Dimensions {
		scores = append(scores, d.Score)
	}
	answers := make([]SummaryAnswer, len(r.Answers))
	for i, a := range r.Answers {
		answers[i] = SummaryAnswer{Question: a.Question, Status: a.Status, Level: a.Level}
	}
	bad := check(r.Overall.Level, r.Questionnaire.ID, scores, r.Overall.Index, answers)
	if len(r.Dimensions) == 0 {
		bad = append(bad, "dimensions")
	}
	if len(r.Levels) != MaxLevel {
		bad = append(bad, "levels (all five)")
	}
	if len(bad) == 0 && (r.Overall.Score < MinLevel || r.Overall.Score > MaxLevel) {
		bad = append(bad, "overall.score (1 to 5)")
	}
	if err := damaged(file, bad); err != nil {
		return nil, err
	}
	return &r, nil
}

// ParseSummary is Parse for the part of a result that a workshop needs,
// with the same checks on that part.
func ParseSummary(file string, data []byte) (*Summary, error) {
	data = bytes.TrimPrefix(data, bom)
	var s Summary
	if jsonv2.Unmarshal(data, &s) != nil || s.Schema != Schema {
		// The faster decoder is stricter (duplicate keys, exact case); let
		// the standard one have its say, with its messages.
		s = Summary{}
		if err := decode(file, data, &s); err != nil {
			return nil, err
		}
	}
	scores := make([]float64, len(s.Dimensions))
	for i, d := range s.Dimensions {
		scores[i] = d.Score
	}
	if err := damaged(file, check(s.Overall.Level, s.Questionnaire.ID, scores, s.Overall.Index, s.Answers)); err != nil {
		return nil, err
	}
	s.Respondent = cutRespondent(s.Respondent)
	return &s, nil
}

// cutRespondent cuts a name, role or organisation longer than
// MaxNameLength.
func cutRespondent(r Respondent) Respondent {
	return Respondent{
		Name: diag.Truncate(r.Name, MaxNameLength),
		Role: diag.Truncate(r.Role, MaxNameLength),
		Org:  diag.Truncate(r.Org, MaxNameLength),
	}
}

// check names what makes a result impossible to report on or to trust:
// a level or a score outside the scale, an index outside 0 to 100, no
// answers, an answer twice, or an answer whose level does not fit its
// status (an answered question at Level 9, a "not applicable" one at 4).
func check(level int, questionnaireID string, scores []float64, index float64, answers []SummaryAnswer) []string {
	var bad []string
	if level < MinLevel || level > MaxLevel {
		bad = append(bad, "overall.level (1 to 5)")
	}
	if questionnaireID == "" {
		bad = append(bad, "questionnaire.id")
	}
	for _, x := range scores {
		if x < MinLevel || x > MaxLevel {
			bad = append(bad, "scores (1 to 5)")
			break
		}
	}
	if index < 0 || index > 100 {
		bad = append(bad, "overall.index (0 to 100)")
	}
	if len(answers) == 0 {
		return append(bad, "answers")
	}
	seen := make(map[string]bool, len(answers))
	for _, a := range answers {
		switch {
		case a.Question == "":
			return append(bad, "answers (a question id is empty)")
		case seen[a.Question]:
			return append(bad, fmt.Sprintf("answers (%q is answered twice)", a.Question))
		case !a.Status.Valid():
			return append(bad, fmt.Sprintf("answers (%q has status %q; answered, unsure or na)", a.Question, a.Status))
		case a.Status == Answered && (a.Level < MinLevel || a.Level > MaxLevel):
			return append(bad, fmt.Sprintf("answers (%q is at level %d, outside 1 to 5)", a.Question, a.Level))
		case a.Status == Unsure && a.Level != MinLevel:
			return append(bad, fmt.Sprintf("answers (%q is unsure but at level %d; unsure scores 1)", a.Question, a.Level))
		case a.Status == NA && a.Level != 0:
			return append(bad, fmt.Sprintf("answers (%q is not applicable but at level %d; na has level 0)", a.Question, a.Level))
		}
		seen[a.Question] = true
	}
	return bad
}

func damaged(file string, bad []string) error {
	if len(bad) == 0 {
		return nil
	}
	return problem(file, 0, 0, "damaged result document: missing or wrong %s", strings.Join(bad, ", "))
}

func problem(file string, line, col int, format string, args ...any) error {
	return diag.Problems{{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}}
}

// schemaNamer is a decoded document that knows its schema field.
type schemaNamer interface{ schemaName() string }

func (r *Result) schemaName() string  { return r.Schema }
func (s *Summary) schemaName() string { return s.Schema }

// decode checks that data is a single result document and decodes it into
// v, in one pass over the bytes when all is well.
func decode(file string, data []byte, v schemaNamer) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return problem(file, 0, 0, "file is empty; expected a result JSON document")
	}
	if msg := notAnObject(data); msg != "" {
		return problem(file, 0, 0, "%s", msg)
	}
	err := json.Unmarshal(data, v)
	schema := v.schemaName()
	if err != nil {
		// Another kind of document fails to decode as a result; say what
		// it is rather than which field did not fit.
		var head struct {
			Schema string `json:"schema"`
		}
		if json.Unmarshal(data, &head) == nil && head.Schema != "" && head.Schema != Schema {
			schema = head.Schema
		} else {
			line, col, msg := jsonError(data, err)
			return problem(file, line, col, "not a valid result document: %s", msg)
		}
	}
	switch {
	case schema == "":
		return problem(file, 0, 0, "not a result document: it has no \"schema\" field (expected %q)", Schema)
	case schema != Schema:
		return problem(file, 0, 0, "is a %q document, not a single result (%s)", schema, Schema)
	}
	return nil
}

// notAnObject explains a file that cannot be a result at all because it is
// not a JSON object: binary data, or YAML such as a questionnaire or answers
// file given by mistake. It returns "" for anything that starts like one.
func notAnObject(data []byte) string {
	const want = "a result is the JSON object that \"convergence score --format json\" writes"
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		return ""
	case !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0:
		return "not a result document: it holds binary data; " + want
	case bytes.Contains(data, []byte("\nquestions:")) || bytes.Contains(data, []byte("\nlevels:")):
		return "not a result document: it looks like a questionnaire (YAML); " + want
	case bytes.Contains(data, []byte("answers:")):
		return "not a result document: it looks like an answers file; score it with \"convergence score --answers\" instead"
	}
	return "not a result document: it is not a JSON object; " + want
}

// Load reads and parses a result file.
func Load(name string) (*Result, error) {
	data, err := diag.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// jsonError turns a decoding error into a line, column and message.
func jsonError(data []byte, err error) (int, int, string) {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tim *time.ParseError
	offset := int64(-1)
	msg := err.Error()
	switch {
	case errors.As(err, &tim):
		// Go's message quotes its layout ("2006-01-02T15:04:05Z07:00").
		msg = fmt.Sprintf("assessed_at must be a date and time like 2026-11-23T10:00:00Z, found %q", diag.Truncate(tim.Value, 40))
		if i := bytes.Index(data, []byte(strconv.Quote(tim.Value))); i >= 0 {
			offset = int64(i) + 1
		}
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
		msg = fmt.Sprintf("%s must be %s, found %s", typ.Field, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		offset = int64(len(data))
		msg = "the JSON ends too early"
	}
	if offset < 0 {
		return 0, 0, msg
	}
	// Offsets point just past the offending byte; report that byte.
	line, col := 1, 1
	for _, b := range data[:max(0, min(int(offset)-1, len(data)))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col, strings.TrimPrefix(msg, "json: ")
}
