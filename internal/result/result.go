// Package result defines the documents the tool writes and reads back: the
// result of one assessment (convergence.result/v1). The types are plain
// tagged structs; their field names and order are the stable JSON contract
// described by the schemas in internal/result/schema.
package result

import (
	"math"
	"time"
)

// Schema identifies a result document and its version.
const Schema = "convergence.result/v1"

// Result is the self-contained outcome of one assessment: rendering any
// report needs only this document, not the questionnaire.
type Result struct {
	Schema        string           `json:"schema"`
	Tool          Tool             `json:"tool"`
	Questionnaire QuestionnaireRef `json:"questionnaire"`
	Respondent    Respondent       `json:"respondent"`
	AssessedAt    time.Time        `json:"assessed_at"`
	Levels        []Level          `json:"levels"`
	Answers       []Answer         `json:"answers"`
	Dimensions    []Dimension      `json:"dimensions"`
	Overall       Overall          `json:"overall"`
	Gaps          []Gap            `json:"gaps"`
	Unknowns      []Unknown        `json:"unknowns"`
	Plan          Plan             `json:"plan"`
}

// Tool names the program and version that wrote a document.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// QuestionnaireRef identifies the questionnaire a result was scored with.
type QuestionnaireRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Title   string `json:"title"`
	Digest  string `json:"digest"`
}

// Respondent is who answered.
type Respondent struct {
	Name string `json:"name"`
	Role string `json:"role"`
	Org  string `json:"org"`
}

// Who names the respondent the one way messages and reports do: "Name
// (Role)", or the role alone without a name, with ", Org" after it when
// withOrg. It is "" when nothing is known.
func (r Respondent) Who(withOrg bool) string {
	name := r.Name
	if r.Role != "" {
		if name != "" {
			name += " (" + RoleName(r.Role) + ")"
		} else {
			name = RoleName(r.Role)
		}
	}
	if withOrg && r.Org != "" {
		if name != "" {
			return name + ", " + r.Org
		}
		return r.Org
	}
	return name
}

// Level names a maturity level and its one-line meaning.
type Level struct {
	Level   int    `json:"level"`
	Name    string `json:"name"`
	Summary string `json:"summary"`
	AI      string `json:"ai"`
}

// Answer is one question's answer, with the question's text so that the
// result can be read without the questionnaire.
type Answer struct {
	Question  string `json:"question"`
	Dimension string `json:"dimension"`
	Prompt    string `json:"prompt"`
	// Topic names what the question measures in a few words.
	Topic  string `json:"topic,omitempty"`
	Help   string `json:"help,omitempty"`
	Status Status `json:"status"`
	// Level is the chosen option's level; 1 for unsure (how it scores) and
	// 0 for na (left out).
	Level int    `json:"level"`
	Label string `json:"label"`
	Note  string `json:"note,omitempty"`
	// Options are the five option labels, levels 1 to 5, kept so reports can
	// say what the next level looks like and answers can be re-scored.
	Options []string `json:"options"`
	Weight  float64  `json:"weight"`
}

// Dimension is the score and level of one dimension.
type Dimension struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Summary   string  `json:"summary,omitempty"`
	Weight    float64 `json:"weight"`
	Score     float64 `json:"score"`
	Level     int     `json:"level"`
	LevelName string  `json:"level_name"`
	Answered  int     `json:"answered"`
	Unsure    int     `json:"unsure"`
	NA        int     `json:"na"`
	// Approaching is the next level when the score is close to it.
	Approaching int `json:"approaching,omitempty"`
	// Insufficient is set when fewer than half of the dimension's
	// questions were answered: its level is not a verdict.
	Insufficient bool `json:"insufficient,omitempty"`
	// HeldBy are the answers that keep the dimension from the next level.
	HeldBy []string `json:"held_by,omitempty"`
}

// Overall is the organisation's level and why it is that level.
type Overall struct {
	Score     float64 `json:"score"`
	Index     float64 `json:"index"`
	Level     int     `json:"level"`
	LevelName string  `json:"level_name"`
	Summary   string  `json:"summary"`
	// Reason says in one line why it is this level: "Held at Level 2: no
	// shared customer ID".
	Reason      string `json:"reason,omitempty"`
	AIReadiness string `json:"ai_readiness"`
	// AI is what the AI-readiness paragraph was built from.
	AI       *AIReadiness `json:"ai,omitempty"`
	CappedBy []Cap        `json:"capped_by"`
	// NextLevel is the shortest path to the next level: the fewest answer
	// changes that would reach it. Absent at Level 5.
	NextLevel *NextLevel `json:"next_level,omitempty"`
	// Strengths are the answers already beyond the next level.
	Strengths   []string `json:"strengths,omitempty"`
	Provisional bool     `json:"provisional"`
	// LevelIfConfirmed is the level with the unsure answers left out.
	LevelIfConfirmed int    `json:"level_if_confirmed"`
	Flags            []Flag `json:"flags"`
}

// NextLevel is what it takes to reach the next level.
type NextLevel struct {
	Level int    `json:"level"`
	Name  string `json:"name"`
	// Needs says it in one sentence.
	Needs   string         `json:"needs"`
	Changes []AnswerChange `json:"changes"`
}

// AnswerChange moves one answer: from a level (0 when the answer was "not sure")
// to a level.
type AnswerChange struct {
	Question  string `json:"question"`
	Dimension string `json:"dimension"`
	Topic     string `json:"topic,omitempty"`
	From      int    `json:"from"`
	FromLabel string `json:"from_label"`
	To        int    `json:"to"`
	ToLabel   string `json:"to_label"`
}

// AIReadiness is the reading of the answers AI depends on.
type AIReadiness struct {
	// Use is the answer about how AI is used today.
	Use       *Reading  `json:"use,omitempty"`
	Blockers  []Reading `json:"blockers"`
	Strengths []Reading `json:"strengths"`
	Unknown   []Reading `json:"unknown"`
}

// Reading is one answer read for AI readiness.
type Reading struct {
	Question string `json:"question"`
	Level    int    `json:"level"`
	Text     string `json:"text"`
}

// Cap is one rule that holds the overall level down.
type Cap struct {
	// Rule is "weakest-dimension", "second-weakest-dimension" or "gate".
	Rule string `json:"rule"`
	// Limit is the highest overall level the rule allows.
	Limit     int    `json:"limit"`
	Reason    string `json:"reason"`
	Dimension string `json:"dimension,omitempty"`
	Question  string `json:"question,omitempty"`
}

// Rules a Cap can name.
const (
	RuleWeakest       = "weakest-dimension"
	RuleSecondWeakest = "second-weakest-dimension"
	RuleGate          = "gate"
)

// Flag is a warning that holds at any level.
type Flag struct {
	ID       string `json:"id"`
	Title    string `json:"title,omitempty"`
	Message  string `json:"message"`
	Question string `json:"question,omitempty"`
	// Action is the id of the plan action that addresses the flag.
	Action string `json:"action,omitempty"`
}

// Gap is an answer below the target level.
type Gap struct {
	Question  string  `json:"question"`
	Dimension string  `json:"dimension"`
	Prompt    string  `json:"prompt"`
	Level     int     `json:"level"`
	Label     string  `json:"label"`
	Target    int     `json:"target"`
	Next      string  `json:"next"`
	Priority  float64 `json:"priority"`
	Topic     string  `json:"topic,omitempty"`
	// Actions are the ids of the plan actions that move this answer; empty
	// when none does this quarter.
	Actions []string `json:"actions"`
}

// Unknown is a question answered "not sure", with who can answer it.
type Unknown struct {
	Question  string `json:"question"`
	Dimension string `json:"dimension"`
	Prompt    string `json:"prompt"`
	Help      string `json:"help,omitempty"`
	Topic     string `json:"topic,omitempty"`
	// Ask is who can answer it.
	Ask string `json:"ask,omitempty"`
}

// Plan is the 90-day plan toward the next level.
type Plan struct {
	FromLevel   int     `json:"from_level"`
	TargetLevel int     `json:"target_level"`
	TargetName  string  `json:"target_name"`
	Title       string  `json:"title"`
	Sustain     bool    `json:"sustain"`
	Phases      []Phase `json:"phases"`
}

// Phase is one of the plan's four phases.
type Phase struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Weeks   string   `json:"weeks"`
	Actions []Action `json:"actions"`
}

// Action is one step of the plan.
type Action struct {
	ID        string `json:"id"`
	Dimension string `json:"dimension,omitempty"`
	Question  string `json:"question,omitempty"`
	// FromLevel is the answer's rung the action moves it from.
	FromLevel int `json:"from_level,omitempty"`
	// Closes are what the action moves: question ids, "flag:<id>" for a
	// flag, and, for the action that confirms the unknowns, their ids.
	Closes []string `json:"closes,omitempty"`
	Title  string   `json:"title"`
	// Detail is what the action covers, where the title cannot say it
	// (the unknowns to confirm and who can answer each).
	Detail string `json:"detail,omitempty"`
	Owner  string `json:"owner"`
	Why    string `json:"why"`
}

// Round2 rounds to two decimals, the precision of every number in a document.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// Dimension returns the dimension with the given id, or nil.
func (r *Result) Dimension(id string) *Dimension {
	for i := range r.Dimensions {
		if r.Dimensions[i].ID == id {
			return &r.Dimensions[i]
		}
	}
	return nil
}
