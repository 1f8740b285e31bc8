package result

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/convergence-model/convergence/internal/questionnaire"
)

// Parse decodes a result document and checks that it is one: valid JSON,
// the convergence.result/v1 schema, and the parts a report needs. Problems
// name the file and, for syntax errors, the line and column.
func Parse(file string, data []byte) (*Result, error) {
	var r Result
	if err := decode(file, data, &r); err != nil {
		return nil, err
	}
	var missing []string
	if r.Overall.Level < questionnaire.MinLevel || r.Overall.Level > questionnaire.MaxLevel {
		missing = append(missing, "overall.level (1 to 5)")
	}
	if len(r.Dimensions) == 0 {
		missing = append(missing, "dimensions")
	}
	if len(r.Levels) != questionnaire.MaxLevel {
		missing = append(missing, "levels (all five)")
	}
	if r.Questionnaire.ID == "" {
		missing = append(missing, "questionnaire.id")
	}
	var scores []float64
	if len(missing) == 0 {
		scores = append(scores, r.Overall.Score)
	}
	for _, d := range r.Dimensions {
		scores = append(scores, d.Score)
	}
	missing = append(missing, outOfRange(scores, r.Overall.Index)...)
	if len(missing) > 0 {
		return nil, problem(file, 0, 0, "damaged result document: missing or wrong %s", strings.Join(missing, ", "))
	}
	return &r, nil
}

// ParseSummary is Parse for the part of a result that a workshop needs.
func ParseSummary(file string, data []byte) (*Summary, error) {
	var s Summary
	if !fastSummary(data, &s) || s.Schema != Schema {
		s = Summary{}
		if err := decode(file, data, &s); err != nil {
			return nil, err
		}
	}
	var missing []string
	if s.Overall.Level < questionnaire.MinLevel || s.Overall.Level > questionnaire.MaxLevel {
		missing = append(missing, "overall.level (1 to 5)")
	}
	if len(s.Answers) == 0 {
		missing = append(missing, "answers")
	}
	if s.Questionnaire.ID == "" {
		missing = append(missing, "questionnaire.id")
	}
	var scores []float64
	for _, d := range s.Dimensions {
		scores = append(scores, d.Score)
	}
	missing = append(missing, outOfRange(scores, s.Overall.Index)...)
	if len(missing) > 0 {
		return nil, problem(file, 0, 0, "damaged result document: missing or wrong %s", strings.Join(missing, ", "))
	}
	return &s, nil
}

// outOfRange names the numbers a report would draw that are impossible in
// a result: scores outside 1 to 5, an index outside 0 to 100.
func outOfRange(scores []float64, index float64) []string {
	var bad []string
	for _, x := range scores {
		if x < questionnaire.MinLevel || x > questionnaire.MaxLevel {
			bad = append(bad, "scores (1 to 5)")
			break
		}
	}
	if index < 0 || index > 100 {
		bad = append(bad, "overall.index (0 to 100)")
	}
	return bad
}

func problem(file string, line, col int, format string, args ...any) error {
	return questionnaire.Problems{{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}}
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
	data, err := questionnaire.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// jsonError turns a decoding error into a line, column and message.
func jsonError(data []byte, err error) (int, int, string) {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	offset := int64(-1)
	msg := err.Error()
	switch {
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
