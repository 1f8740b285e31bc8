package collect

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/survey"
)

// Bounds on what a person types. The form's inputs carry the same limits
// (maxlength, from these constants), so only a forged request goes past
// them.
const (
	maxNameRunes = 100
	maxNoteRunes = 200
)

// Form field names besides the question ids.
const (
	fieldCSRF = "csrf"
	fieldName = "name"
	fieldRole = "role"
	// notePrefix starts the name of an evidence note's field: "note." and
	// the question id.
	notePrefix = "note."
)

// Answer values as the form sends them, besides a level's number.
const (
	valueUnsure = "unsure"
	valueNA     = "na"
)

// errForged is a request no page of ours sends: an unknown field, a value
// that is not one of the options, a field given twice, text past its
// limit. It is answered 400 and changes nothing.
var errForged = errors.New("forged form")

func forged(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errForged, fmt.Sprintf(format, args...))
}

// onlyFields checks that the form holds no field but the allowed ones, each
// at most once.
func onlyFields(form url.Values, allowed func(string) bool) error {
	for k, vs := range form {
		if !allowed(k) {
			return forged("unknown field %q", k)
		}
		if len(vs) > 1 {
			return forged("field %q given %d times", k, len(vs))
		}
	}
	return nil
}

// about is what the about-you page gives.
type about struct {
	Name, Role string
}

// parseAbout reads the about-you page. A missing role is the person's
// mistake (missing is true, and the page is shown again); a role that is
// not offered, or a name past its limit, is forged.
func parseAbout(form url.Values) (a about, missing bool, err error) {
	if err := onlyFields(form, func(k string) bool { return k == fieldCSRF || k == fieldName || k == fieldRole }); err != nil {
		return a, false, err
	}
	name := form.Get(fieldName)
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxNameRunes {
		return a, false, forged("the name is not text of at most %d characters", maxNameRunes)
	}
	a.Name = strings.TrimSpace(diag.Clean(name))
	role := form.Get(fieldRole)
	switch {
	case role == "":
		return a, true, nil
	case !slices.Contains(result.Roles, role):
		return a, false, forged("unknown role %q", role)
	}
	a.Role = role
	return a, false, nil
}

// encodeAnswer is the form value of an answer: the level's number,
// "unsure" or "na".
func encodeAnswer(a survey.Answer) string {
	switch a.Status {
	case result.Unsure:
		return valueUnsure
	case result.NA:
		return valueNA
	case result.Answered:
		return strconv.Itoa(a.Level)
	}
	return ""
}

// decodeAnswer reads a form value as an answer to qu. ok is false when the
// value is not one qu offers.
func decodeAnswer(qu *questionnaire.Question, v string) (survey.Answer, bool) {
	switch v {
	case valueUnsure:
		return survey.Answer{Status: result.Unsure}, true
	case valueNA:
		return survey.Answer{Status: result.NA}, qu.AllowNA
	}
	// Only "1" to "5" exactly: no signs, spaces or leading zeros.
	if len(v) != 1 || v[0] < '0' || v[0] > '9' {
		return survey.Answer{}, false
	}
	level := int(v[0] - '0')
	if qu.Option(level) == "" {
		return survey.Answer{}, false
	}
	return survey.Answer{Status: result.Answered, Level: level}, true
}

// parseDimension reads a dimension page: an answer to each of its
// questions. Unanswered questions are listed in missing (the person's
// mistake: the page is shown again with what was given kept); a field that
// is not one of the page's questions, or a value that is not one of a
// question's options, is forged and nothing is taken.
func parseDimension(dim *questionnaire.Dimension, form url.Values) (got map[string]survey.Answer, missing []string, err error) {
	byID := map[string]*questionnaire.Question{}
	for i := range dim.Questions {
		byID[dim.Questions[i].ID] = &dim.Questions[i]
	}
	if err := onlyFields(form, func(k string) bool { return k == fieldCSRF || byID[k] != nil }); err != nil {
		return nil, nil, err
	}
	got = map[string]survey.Answer{}
	for i := range dim.Questions {
		qu := &dim.Questions[i]
		v, given := form[qu.ID]
		if !given || v[0] == "" {
			missing = append(missing, qu.ID)
			continue
		}
		a, ok := decodeAnswer(qu, v[0])
		if !ok {
			return nil, nil, forged("%q is not an answer to %q", v[0], qu.ID)
		}
		got[qu.ID] = a
	}
	return got, missing, nil
}

// parseNotes reads an evidence page: a note for each of the given gate
// questions, each optional.
func parseNotes(gates []*questionnaire.Question, form url.Values) (map[string]string, error) {
	allowed := map[string]bool{}
	for _, qu := range gates {
		allowed[notePrefix+qu.ID] = true
	}
	if err := onlyFields(form, func(k string) bool { return k == fieldCSRF || allowed[k] }); err != nil {
		return nil, err
	}
	notes := map[string]string{}
	for _, qu := range gates {
		v := form.Get(notePrefix + qu.ID)
		if !utf8.ValidString(v) || utf8.RuneCountInString(v) > maxNoteRunes {
			return nil, forged("the note on %q is not text of at most %d characters", qu.ID, maxNoteRunes)
		}
		notes[qu.ID] = strings.TrimSpace(diag.Clean(v))
	}
	return notes, nil
}

// evidenceWanted lists dimension dim's gate questions whose answers in d
// are asked for evidence.
func evidenceWanted(q *questionnaire.Questionnaire, dim *questionnaire.Dimension, d *survey.Draft) []*questionnaire.Question {
	var out []*questionnaire.Question
	for i := range dim.Questions {
		qu := &dim.Questions[i]
		a, ok := d.Answers[qu.ID]
		if ok && survey.WantsNote(q, qu, a) {
			out = append(out, qu)
		}
	}
	return out
}
