package questionnaire

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// Respondent is who answered.
type Respondent = result.Respondent

// Answer is the answer to one question.
type Answer struct {
	Question string
	Status   result.Status
	Level    int // the chosen option's level when result.Status is result.Answered
	Note     string
	diag.Pos
}

// Answers is a parsed answers file.
type Answers struct {
	File string
	// Questionnaire is the optional pin: "id" or "id@version".
	Questionnaire string
	// QuestionnairePos is where the pin is written.
	QuestionnairePos diag.Pos
	Respondent       Respondent
	// AssessedAt is zero when the file does not say.
	AssessedAt time.Time
	// AssessedAtPos is where it is written.
	AssessedAtPos diag.Pos
	Items         []Answer
	diag.Pos
	answersPos diag.Pos
	// noSection is set when the file has no answers section at all.
	noSection bool
}

// Get returns the answer to a question and whether there is one.
func (a *Answers) Get(id string) (Answer, bool) {
	for _, it := range a.Items {
		if it.Question == id {
			return it, true
		}
	}
	return Answer{}, false
}

// ParseAnswers decodes an answers file (YAML or JSON) strictly, returning
// every problem at once. It does not compare the answers with a
// questionnaire; CheckAnswers does. When the file holds a mapping, the
// answers decoded so far come back with the problems, so that a caller can
// add CheckAnswers' problems and report everything in one go; an answer
// that could not be decoded has an empty result.Status.
func ParseAnswers(file string, data []byte) (*Answers, error) {
	root, probs := parseDocument(file, data)
	if probs != nil {
		return nil, probs
	}
	d := &decoder{file: file}
	a := &Answers{File: file, Pos: pos(root)}
	d.mapping(root, "the answers file", []field{
		{"questionnaire", false, func(v *yaml.Node) {
			a.Questionnaire, a.QuestionnairePos = d.str(v, "questionnaire"), pos(v)
		}},
		{"respondent", false, func(v *yaml.Node) { a.Respondent = d.respondent(v) }},
		{"assessed_at", false, func(v *yaml.Node) { a.AssessedAt, a.AssessedAtPos = d.time(v, "assessed_at"), pos(v) }},
		{"answers", true, func(v *yaml.Node) {
			a.answersPos = pos(v)
			if !d.isKind(v, yaml.MappingNode, "answers") {
				return
			}
			seen := map[string]int{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				if k.Kind != yaml.ScalarNode {
					d.errorf(k, "an answer's key must be a question id")
					continue
				}
				if line, dup := seen[k.Value]; dup {
					d.errorf(k, "question %q is answered twice (first at line %d)", k.Value, line)
					continue
				}
				seen[k.Value] = k.Line
				ans := d.answer(val, k.Value)
				ans.Question, ans.Pos = k.Value, pos(k)
				a.Items = append(a.Items, ans)
			}
		}},
	})
	a.noSection = a.answersPos.Line == 0
	if len(d.problems) > 0 {
		if root.Kind != yaml.MappingNode {
			return nil, d.problems
		}
		return a, d.problems
	}
	return a, nil
}

// CheckTime returns a problem when the answers say they were given more
// than a day after now: a typing mistake (9999-12-31), which would put
// the result at the top of every history for good. A day is allowed for
// clocks and time zones that disagree. now is passed in, so that parsing
// stays pure.
func (a *Answers) CheckTime(now time.Time) diag.Problems {
	if a.AssessedAt.IsZero() || !a.AssessedAt.After(now.Add(result.MaxClockSkew)) {
		return nil
	}
	return diag.Problems{at(a.File, a.AssessedAtPos, false, "assessed_at is %s, in the future; give the date the answers were given (today is %s)",
		a.AssessedAt.Format("2006-01-02"), now.UTC().Format("2006-01-02"))}
}

// text decodes a string of free text, refusing one longer than max
// characters.
func (d *decoder) text(n *yaml.Node, what string, max int) string {
	s := d.str(n, what)
	if l := utf8.RuneCountInString(s); l > max {
		d.errorf(n, "%s is %d characters long; the most is %d", what, l, max)
		return ""
	}
	return s
}

func (d *decoder) respondent(n *yaml.Node) Respondent {
	var r Respondent
	d.mapping(n, "respondent", []field{
		{"name", false, func(v *yaml.Node) { r.Name = d.text(v, "respondent name", result.MaxNameLength) }},
		{"role", false, func(v *yaml.Node) {
			role, ok := result.NormalizeRole(d.str(v, "respondent role"))
			if !ok && role != "" && v.Kind == yaml.ScalarNode {
				d.errorf(v, "unknown role %q (allowed: %s)", v.Value, strings.Join(result.Roles, ", "))
			}
			r.Role = role
		}},
		{"org", false, func(v *yaml.Node) { r.Org = d.text(v, "respondent org", result.MaxNameLength) }},
	})
	return r
}

func (d *decoder) time(n *yaml.Node, what string) time.Time {
	if n.Kind == yaml.ScalarNode {
		for _, layout := range []string{time.RFC3339, "2006-01-02"} {
			if t, err := time.Parse(layout, n.Value); err == nil {
				return t.UTC()
			}
		}
	}
	d.errorf(n, "%s must be a date and time like 2026-11-23T10:00:00Z, found %s", what, describe(n))
	return time.Time{}
}

// answer decodes one answer: a level, "unsure", "na", or a mapping with
// level and note.
func (d *decoder) answer(n *yaml.Node, id string) Answer {
	if n.Kind == yaml.MappingNode {
		var ans Answer
		hasLevel := false
		d.mapping(n, fmt.Sprintf("the answer to %q", id), []field{
			{"level", true, func(v *yaml.Node) { hasLevel = true; ans = d.answerValue(v, id) }},
			{"note", false, func(v *yaml.Node) { ans.Note = d.text(v, "note", result.MaxNoteLength) }},
		})
		if !hasLevel {
			ans.Status = result.Unsure
		}
		return ans
	}
	return d.answerValue(n, id)
}

func (d *decoder) answerValue(n *yaml.Node, id string) Answer {
	if n.Kind == yaml.ScalarNode {
		v := strings.ToLower(strings.TrimSpace(n.Value))
		switch v {
		case "unsure", "not sure", "?":
			return Answer{Status: result.Unsure}
		case "na", "n/a", "not applicable":
			return Answer{Status: result.NA}
		}
		if n.Tag == "!!int" {
			if level, err := strconv.Atoi(n.Value); err == nil {
				if level < result.MinLevel || level > result.MaxLevel {
					d.errorf(n, "the answer to %q is level %d, outside %d to %d", id, level, result.MinLevel, result.MaxLevel)
					return Answer{}
				}
				return Answer{Status: result.Answered, Level: level}
			}
		}
		if level, err := strconv.Atoi(v); err == nil && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			// "3" is text to YAML; the fix is easy to miss.
			d.errorf(n, "the answer to %q is the text %s; write the level without quotes: %d", id, describe(n), level)
			return Answer{}
		}
	}
	d.errorf(n, "the answer to %q must be a level %d to %d, \"unsure\" or \"na\"; found %s", id, result.MinLevel, result.MaxLevel, describe(n))
	return Answer{}
}

// CheckAnswers compares answers with the questionnaire and returns every
// problem: a pin to another questionnaire, unknown question ids, "na" where
// it is not allowed, missing answers, and dimensions left with nothing to
// score.
func CheckAnswers(q *Questionnaire, a *Answers) diag.Problems {
	var probs diag.Problems
	errorf := func(p diag.Pos, format string, args ...any) {
		probs = append(probs, at(a.File, p, false, format, args...))
	}
	if a.Questionnaire != "" {
		id, version, pinned := strings.Cut(a.Questionnaire, "@")
		switch {
		case id != q.ID:
			errorf(a.QuestionnairePos, "these answers are for questionnaire %q, not %q; pick it with --questionnaire", a.Questionnaire, q.ID)
		case pinned && version != q.Version:
			errorf(a.QuestionnairePos, "these answers are pinned to %s, but the questionnaire is %s", a.Questionnaire, q.Ref())
		}
	}
	var ids []string
	for _, qu := range q.Questions() {
		ids = append(ids, qu.ID)
	}
	for _, ans := range a.Items {
		qu := q.Question(ans.Question)
		if qu == nil {
			errorf(ans.Pos, "unknown question %q%s", ans.Question, suggestID(ans.Question, ids))
			continue
		}
		if ans.Status == result.NA && !qu.AllowNA {
			errorf(ans.Pos, "question %q cannot be answered \"na\"; answer a level or \"unsure\"", ans.Question)
		}
	}
	var missing []*Question
	for _, dim := range q.Dimensions {
		counted, given := 0, 0
		for i := range dim.Questions {
			qu := &dim.Questions[i]
			ans, ok := a.Get(qu.ID)
			if !ok {
				missing = append(missing, qu)
				continue
			}
			given++
			if ans.Status != result.NA {
				counted++
			}
		}
		if counted == 0 && given == len(dim.Questions) && given > 0 {
			errorf(a.answersPos, "every answer in dimension %q is \"na\"; at least one must be scored", dim.ID)
		}
	}
	// A few missing answers are named with their prompts; many (a file
	// barely started) in one line, so the list stays readable.
	if a.noSection {
		// The parser has said already that the whole section is missing.
		return probs
	}
	if len(missing) <= 3 {
		for _, qu := range missing {
			errorf(a.answersPos, "missing answer for %q (%s)", qu.ID, diag.Truncate(qu.Prompt, 50))
		}
	} else {
		ids := make([]string, len(missing))
		for i, qu := range missing {
			ids[i] = qu.ID
		}
		errorf(a.answersPos, "missing answers for %d questions: %s", len(missing), strings.Join(ids, ", "))
	}
	return probs
}

// suggestID proposes the closest question id, if any is close.
func suggestID(got string, ids []string) string {
	best, bestDist := "", 4
	for _, id := range ids {
		if d := editDistance(got, id); d < bestDist {
			best, bestDist = id, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
