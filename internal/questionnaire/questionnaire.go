// Package questionnaire holds the questionnaire and answers file formats:
// their types, a pure strict Parse for each, and a Validate that reports
// every problem with its file, line and column.
package questionnaire

import "github.com/convergence-model/convergence/internal/diag"

// Owners is the fixed list of people an action may be given to.
var Owners = []string{"CMO", "Marketing Ops", "RevOps", "Sales", "Support Ops", "Product", "IT/Data", "Legal", "Finance"}

// Phase is one of the four fixed phases of the 90-day plan.
type Phase struct {
	ID    string `json:"id" yaml:"id"`
	Name  string `json:"name" yaml:"name"`
	Weeks string `json:"weeks" yaml:"weeks"`
}

// Phases are the four phases of every 90-day plan, in order.
var Phases = []Phase{
	{ID: "audit-align", Name: "Audit & Align", Weeks: "1–3"},
	{ID: "connect-clean", Name: "Connect & Clean", Weeks: "4–6"},
	{ID: "collaborate-pilot", Name: "Collaborate & Pilot", Weeks: "7–9"},
	{ID: "measure-scale", Name: "Measure & Scale", Weeks: "10–12"},
}

// Questionnaire is a parsed questionnaire file: the levels of the model, the
// dimensions with their questions, the gates that cap the overall level, the
// risk flags, and the catalogue of actions the 90-day plan is built from.
type Questionnaire struct {
	ID         string      `json:"id" yaml:"id"`
	Version    string      `json:"version" yaml:"version"`
	Title      string      `json:"title" yaml:"title"`
	Minutes    int         `json:"minutes,omitempty" yaml:"minutes,omitempty"`
	Intro      string      `json:"intro,omitempty" yaml:"intro,omitempty"`
	Levels     []Level     `json:"levels" yaml:"levels"`
	Dimensions []Dimension `json:"dimensions" yaml:"dimensions"`
	Gates      []Gate      `json:"gates" yaml:"gates"`
	Flags      []Flag      `json:"flags" yaml:"flags"`
	// AI says how the AI-readiness paragraph is built from the answers.
	AI *AIReading `json:"ai,omitempty" yaml:"ai,omitempty"`
	// Unknowns is the plan action that confirms the "not sure" answers;
	// the engine adds the questions and who can answer them.
	Unknowns *ActionText `json:"unknowns,omitempty" yaml:"unknowns,omitempty"`
	Actions  []Action    `json:"actions" yaml:"actions"`
	// Changes says what changed since an earlier version, for moving a
	// result of that version to this one.
	Changes *Changes `json:"changes,omitempty" yaml:"changes,omitempty"`

	// File is the name the questionnaire was read from, for messages.
	File string `json:"-" yaml:"-"`
	// Digest is the content digest (see ContentDigest).
	Digest string `json:"digest" yaml:"-"`
	// EarlierDigests are digests that earlier versions of the tool recorded
	// for this same content (they hashed the file's bytes), so that results
	// and drafts they wrote still count as this questionnaire.
	EarlierDigests []string `json:"earlier_digests,omitempty" yaml:"earlier_digests,omitempty"`
	diag.Pos       `json:"-" yaml:"-"`
}

// Level describes one of the five maturity levels.
type Level struct {
	Level    int    `json:"level" yaml:"level"`
	Name     string `json:"name" yaml:"name"`
	Summary  string `json:"summary" yaml:"summary"`
	AI       string `json:"ai" yaml:"ai"`
	diag.Pos `json:"-" yaml:"-"`
}

// Dimension is one area of the model, such as the data foundation.
type Dimension struct {
	ID        string     `json:"id" yaml:"id"`
	Name      string     `json:"name" yaml:"name"`
	Weight    float64    `json:"weight" yaml:"weight"`
	Summary   string     `json:"summary,omitempty" yaml:"summary,omitempty"`
	Questions []Question `json:"questions" yaml:"questions"`
	diag.Pos  `json:"-" yaml:"-"`
}

// Question is one multiple-choice question; each option is a level.
type Question struct {
	ID     string `json:"id" yaml:"id"`
	Prompt string `json:"prompt" yaml:"prompt"`
	// Topic names what the question measures in a few words ("shared
	// customer ID"), for sentences about it.
	Topic string `json:"topic,omitempty" yaml:"topic,omitempty"`
	// Ask is who knows the answer ("IT/Data or Marketing Ops").
	Ask     string  `json:"ask,omitempty" yaml:"ask,omitempty"`
	Help    string  `json:"help,omitempty" yaml:"help,omitempty"`
	Weight  float64 `json:"weight" yaml:"weight"`
	AllowNA bool    `json:"allow_na,omitempty" yaml:"allow_na,omitempty"`
	// NAWhen says when "not applicable" is the right answer.
	NAWhen  string   `json:"na_when,omitempty" yaml:"na_when,omitempty"`
	Options []Option `json:"options" yaml:"options"`
	// NoAction lists the rungs that have no plan action, with why.
	NoAction []NoAction `json:"no_action,omitempty" yaml:"no_action,omitempty"`
	// Dimension is the id of the dimension the question belongs to.
	Dimension string `json:"dimension" yaml:"-"`
	diag.Pos  `json:"-" yaml:"-"`
}

// NoAction says why a rung of a question has no plan action.
type NoAction struct {
	FromLevel int    `json:"from_level" yaml:"from_level"`
	Reason    string `json:"reason" yaml:"reason"`
	diag.Pos  `json:"-" yaml:"-"`
}

// TopicOf is the question's topic, or its prompt when it has none.
func (qu *Question) TopicOf() string {
	if qu.Topic != "" {
		return qu.Topic
	}
	return qu.Prompt
}

// Option is one answer to a question: an observable behaviour at a level.
type Option struct {
	Level    int    `json:"level" yaml:"level"`
	Label    string `json:"label" yaml:"label"`
	diag.Pos `json:"-" yaml:"-"`
}

// Gate caps the overall level: result.MinLevel or higher needs the required answer.
type Gate struct {
	MinLevel int         `json:"min_level" yaml:"min_level"`
	Requires Requirement `json:"requires" yaml:"requires"`
	// Short completes "Held at Level 2: …" ("no shared customer ID").
	Short    string `json:"short,omitempty" yaml:"short,omitempty"`
	Reason   string `json:"reason" yaml:"reason"`
	diag.Pos `json:"-" yaml:"-"`
}

// Requirement is the answer a gate needs.
type Requirement struct {
	Question string `json:"question" yaml:"question"`
	AtLeast  int    `json:"at_least" yaml:"at_least"`
	diag.Pos `json:"-" yaml:"-"`
}

// Flag raises a warning at any level: when Question is answered at AtMost
// or below, or "not sure"; or, with Spread, when dimension levels are that
// many levels apart or more.
type Flag struct {
	ID       string `json:"id" yaml:"id"`
	Title    string `json:"title,omitempty" yaml:"title,omitempty"`
	Question string `json:"question,omitempty" yaml:"question,omitempty"`
	AtMost   int    `json:"at_most,omitempty" yaml:"at_most,omitempty"`
	Spread   int    `json:"spread,omitempty" yaml:"spread,omitempty"`
	Message  string `json:"message" yaml:"message"`
	// Action is what the plan does about the flag, in weeks 1–3: its own,
	// or (ActionRef) one of the catalogue's weeks 1–3 actions.
	Action    *ActionText `json:"action,omitempty" yaml:"-"`
	ActionRef string      `json:"action_ref,omitempty" yaml:"-"`
	diag.Pos  `json:"-" yaml:"-"`
}

// MarshalYAML writes the flag as it is read: its action either the flag's
// own or the id of a catalogue action.
func (f Flag) MarshalYAML() (any, error) {
	var action any
	switch {
	case f.ActionRef != "":
		action = f.ActionRef
	case f.Action != nil:
		action = f.Action
	}
	return struct {
		ID       string `yaml:"id"`
		Title    string `yaml:"title,omitempty"`
		Question string `yaml:"question,omitempty"`
		AtMost   int    `yaml:"at_most,omitempty"`
		Spread   int    `yaml:"spread,omitempty"`
		Message  string `yaml:"message"`
		Action   any    `yaml:"action,omitempty"`
	}{f.ID, f.Title, f.Question, f.AtMost, f.Spread, f.Message, action}, nil
}

// ActionText is a plan action that is not in the catalogue's rungs: a
// flag's action, or the one that confirms the unknowns.
type ActionText struct {
	ID       string `json:"id" yaml:"id"`
	Title    string `json:"title" yaml:"title"`
	Owner    string `json:"owner" yaml:"owner"`
	Why      string `json:"why" yaml:"why"`
	diag.Pos `json:"-" yaml:"-"`
}

// AIReading builds the AI-readiness paragraph from the answers: the AI-use
// answer is quoted, and each foundation is a blocker below Needs and a
// strength at or above it.
type AIReading struct {
	Use         string       `json:"use" yaml:"use"`
	Foundations []Foundation `json:"foundations" yaml:"foundations"`
	diag.Pos    `json:"-" yaml:"-"`
}

// Foundation is an answer AI depends on.
type Foundation struct {
	Question string `json:"question" yaml:"question"`
	Needs    int    `json:"needs" yaml:"needs"`
	Blocker  string `json:"blocker" yaml:"blocker"`
	Strength string `json:"strength" yaml:"strength"`
	diag.Pos `json:"-" yaml:"-"`
}

// Action is an entry of the plan catalogue. An action linked to a question
// moves that answer from FromLevel one rung up, and is offered only while
// the answer is at FromLevel (5 marks a sustain action, offered while the
// answer is at the top). One with a dimension and no question applies
// while the dimension is at FromLevel. An Always action ends every plan.
// After lists the actions that must come first, in an earlier phase,
// unless the answers show they are done already.
type Action struct {
	ID        string   `json:"id" yaml:"id"`
	Always    bool     `json:"always,omitempty" yaml:"always,omitempty"`
	Dimension string   `json:"dimension,omitempty" yaml:"dimension,omitempty"`
	Question  string   `json:"question,omitempty" yaml:"question,omitempty"`
	Phase     string   `json:"phase" yaml:"phase"`
	FromLevel int      `json:"from_level,omitempty" yaml:"from_level,omitempty"`
	After     []string `json:"after,omitempty" yaml:"after,omitempty"`
	Title     string   `json:"title" yaml:"title"`
	Owner     string   `json:"owner" yaml:"owner"`
	Why       string   `json:"why" yaml:"why"`
	diag.Pos  `json:"-" yaml:"-"`
}

// Changes is what changed since an earlier version of the questionnaire.
type Changes struct {
	From      string           `json:"from" yaml:"from"`
	Questions []QuestionChange `json:"questions" yaml:"questions"`
	diag.Pos  `json:"-" yaml:"-"`
}

// QuestionChange says how one question changed. Recheck marks a kept
// question whose options moved, so an answer carried over may now sit one
// option higher or lower; Removed marks a question this version no longer
// asks.
type QuestionChange struct {
	Question string `json:"question" yaml:"question"`
	Note     string `json:"note" yaml:"note"`
	Recheck  bool   `json:"recheck,omitempty" yaml:"recheck,omitempty"`
	Removed  bool   `json:"removed,omitempty" yaml:"removed,omitempty"`
	diag.Pos `json:"-" yaml:"-"`
}

// Change returns what the questionnaire says changed about a question
// since an earlier version, or nil.
func (q *Questionnaire) Change(id string) *QuestionChange {
	if q.Changes == nil {
		return nil
	}
	for i := range q.Changes.Questions {
		if q.Changes.Questions[i].Question == id {
			return &q.Changes.Questions[i]
		}
	}
	return nil
}

// action returns the catalogue action with the given id, or nil.
func (q *Questionnaire) action(id string) *Action {
	for i := range q.Actions {
		if q.Actions[i].ID == id {
			return &q.Actions[i]
		}
	}
	return nil
}

// Question returns the question with the given id, or nil.
func (q *Questionnaire) Question(id string) *Question {
	for i := range q.Dimensions {
		for j := range q.Dimensions[i].Questions {
			if q.Dimensions[i].Questions[j].ID == id {
				return &q.Dimensions[i].Questions[j]
			}
		}
	}
	return nil
}

// Dimension returns the dimension with the given id, or nil.
func (q *Questionnaire) Dimension(id string) *Dimension {
	for i := range q.Dimensions {
		if q.Dimensions[i].ID == id {
			return &q.Dimensions[i]
		}
	}
	return nil
}

// Level returns the description of level n, or a zero Level.
func (q *Questionnaire) Level(n int) Level {
	for _, l := range q.Levels {
		if l.Level == n {
			return l
		}
	}
	return Level{Level: n}
}

// Questions returns every question in order, across dimensions.
func (q *Questionnaire) Questions() []*Question {
	var out []*Question
	for i := range q.Dimensions {
		for j := range q.Dimensions[i].Questions {
			out = append(out, &q.Dimensions[i].Questions[j])
		}
	}
	return out
}

// Ref is "id@version", the pin an answers file may carry.
func (q *Questionnaire) Ref() string { return q.ID + "@" + q.Version }

// Option returns the label of the option at level n, or "".
func (qu *Question) Option(n int) string {
	for _, o := range qu.Options {
		if o.Level == n {
			return o.Label
		}
	}
	return ""
}
