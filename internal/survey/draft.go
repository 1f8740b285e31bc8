// Package survey puts a questionnaire to a person: a full-screen form built
// with huh for terminals, and a line-by-line prompter for screen readers and
// scripts. It also holds the draft, the answers given so far, which both
// prompters update after every page so that an interruption loses nothing.
// It knows nothing of commands, flags or files: the caller decides where a
// draft is kept and what a finished one becomes.
package survey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// DraftSchema identifies a draft document and its version.
const DraftSchema = "convergence.draft/v1"

// Draft is an unfinished assessment: who is answering, which questionnaire
// (down to the digest of its source, so answers are never applied to other
// wording), and the answers given so far.
type Draft struct {
	Schema        string                   `json:"schema"`
	Questionnaire DraftQuestionnaire       `json:"questionnaire"`
	Respondent    questionnaire.Respondent `json:"respondent"`
	StartedAt     time.Time                `json:"started_at"`
	UpdatedAt     time.Time                `json:"updated_at"`
	// Answers are keyed by question id. JSON writes map keys sorted, so a
	// draft file is stable.
	Answers map[string]Answer `json:"answers"`
}

// DraftQuestionnaire identifies the questionnaire a draft was started with.
type DraftQuestionnaire struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Digest  string `json:"digest"`
}

// Answer is one answer in a draft.
type Answer struct {
	Status result.Status `json:"status"`
	// Level is the chosen option's level when Status is answered.
	Level int `json:"level,omitempty"`
	// Note is the respondent's evidence for the answer, if any.
	Note string `json:"note,omitempty"`
}

// Errors ParseDraft wraps, so the caller can say why a draft is set aside.
var (
	// ErrDamaged means the file is not a readable draft.
	ErrDamaged = errors.New("damaged draft")
	// ErrStale means the draft was written for another questionnaire
	// version or wording.
	ErrStale = errors.New("another questionnaire version")
)

// NewDraft starts an empty draft for q.
func NewDraft(q *questionnaire.Questionnaire, now time.Time) *Draft {
	return &Draft{
		Schema:        DraftSchema,
		Questionnaire: DraftQuestionnaire{ID: q.ID, Version: q.Version, Digest: q.Digest},
		StartedAt:     now.UTC().Truncate(time.Second),
		UpdatedAt:     now.UTC().Truncate(time.Second),
		Answers:       map[string]Answer{},
	}
}

// ParseDraft decodes a draft and checks it against q. A draft that cannot
// be read, or that holds answers q could not take, wraps ErrDamaged; a
// draft for another version or digest of the questionnaire wraps ErrStale.
// It never applies part of a doubtful draft.
func ParseDraft(data []byte, q *questionnaire.Questionnaire) (*Draft, error) {
	var d Draft
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if d.Schema != DraftSchema {
		return nil, fmt.Errorf("%w: it is not a %s document", ErrDamaged, DraftSchema)
	}
	if d.Questionnaire.ID != q.ID {
		return nil, fmt.Errorf("%w: it is for questionnaire %q, not %q", ErrDamaged, d.Questionnaire.ID, q.ID)
	}
	if d.Questionnaire.Version != q.Version || !q.SameContent(d.Questionnaire.Digest) {
		return nil, fmt.Errorf("%w: it was started with %s@%s, and this is %s", ErrStale,
			d.Questionnaire.ID, d.Questionnaire.Version, describeVersion(q, d.Questionnaire.Version))
	}
	if d.StartedAt.IsZero() {
		return nil, fmt.Errorf("%w: it has no start time", ErrDamaged)
	}
	if d.Answers == nil {
		d.Answers = map[string]Answer{}
	}
	ids := make([]string, 0, len(d.Answers))
	for id := range d.Answers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := checkAnswer(q, id, d.Answers[id]); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
	}
	return &d, nil
}

// describeVersion names q's version, saying so when only the wording (the
// digest) differs.
func describeVersion(q *questionnaire.Questionnaire, draftVersion string) string {
	if draftVersion == q.Version {
		return q.Ref() + " with changed wording"
	}
	return q.Ref()
}

func checkAnswer(q *questionnaire.Questionnaire, id string, a Answer) error {
	qu := q.Question(id)
	switch {
	case qu == nil:
		return fmt.Errorf("it answers an unknown question %q", id)
	case a.Status == result.Answered && (a.Level < result.MinLevel || a.Level > result.MaxLevel):
		return fmt.Errorf("the answer to %q is level %d, outside %d to %d", id, a.Level, result.MinLevel, result.MaxLevel)
	case a.Status == result.NA && !qu.AllowNA:
		return fmt.Errorf("question %q cannot be answered \"not applicable\"", id)
	case !a.Status.Valid():
		return fmt.Errorf("the answer to %q has an unknown status %q", id, a.Status)
	}
	return nil
}

// Marshal encodes the draft as indented JSON.
func (d *Draft) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Answered is the number of questions answered so far.
func (d *Draft) Answered() int { return len(d.Answers) }

// Complete reports whether every question of q is answered.
func (d *Draft) Complete(q *questionnaire.Questionnaire) bool {
	for _, qu := range q.Questions() {
		if _, ok := d.Answers[qu.ID]; !ok {
			return false
		}
	}
	return true
}

// Summary says how far the draft got, for the offer to resume it:
// "9 of 18 answered, started 14:02" (or "started 23 Nov 14:02" on another
// day), in now's time zone.
func (d *Draft) Summary(q *questionnaire.Questionnaire, now time.Time) string {
	started := d.StartedAt.In(now.Location())
	when := started.Format("15:04")
	if y, m, day := now.Date(); started.Year() != y || started.Month() != m || started.Day() != day {
		when = started.Format("2 Jan 15:04")
		if started.Year() != y {
			when = started.Format("2 Jan 2006 15:04")
		}
	}
	return fmt.Sprintf("%d of %d answered, started %s", d.Answered(), len(q.Questions()), when)
}

// ToAnswers turns a complete draft into an answers set for scoring, pinned
// to the questionnaire version it was answered with, questions in order.
func (d *Draft) ToAnswers(q *questionnaire.Questionnaire) *questionnaire.Answers {
	a := &questionnaire.Answers{
		File:          "<assessment>",
		Questionnaire: q.Ref(),
		Respondent:    d.Respondent,
	}
	for _, qu := range q.Questions() {
		if ans, ok := d.Answers[qu.ID]; ok {
			a.Items = append(a.Items, questionnaire.Answer{Question: qu.ID, Status: ans.Status, Level: ans.Level, Note: ans.Note})
		}
	}
	return a
}

// noteThreshold is the level from which an answer to qu gets an evidence
// note offered: the lowest level any gate requires of it. Claims that lift
// the level past a gate are the ones self-assessors over-score, so they
// are the ones worth a line of evidence. Zero means qu is no gate's.
func noteThreshold(q *questionnaire.Questionnaire, qu *questionnaire.Question) int {
	threshold := 0
	for _, g := range q.Gates {
		if g.Requires.Question == qu.ID && (threshold == 0 || g.Requires.AtLeast < threshold) {
			threshold = g.Requires.AtLeast
		}
	}
	return threshold
}

// WantsNote reports whether an answer to qu should be asked for evidence,
// and so whether a note given with it is kept.
func WantsNote(q *questionnaire.Questionnaire, qu *questionnaire.Question, a Answer) bool {
	t := noteThreshold(q, qu)
	return t > 0 && a.Status == result.Answered && a.Level >= t
}
