package result

import "time"

// WorkshopSchema identifies a workshop aggregate and its version.
const WorkshopSchema = "convergence.workshop/v1"

// Workshop combines several respondents' results of one questionnaire: the
// group's level scored by the same rules from the per-question mean levels,
// the spread of answers, means by role, and the hotspots where respondents
// are two or more levels apart.
type Workshop struct {
	Schema        string           `json:"schema"`
	Tool          Tool             `json:"tool"`
	Questionnaire QuestionnaireRef `json:"questionnaire"`
	// AssessedAt is the time of the latest result in the workshop.
	AssessedAt  time.Time            `json:"assessed_at"`
	Anonymous   bool                 `json:"anonymous"`
	Respondents []WorkshopRespondent `json:"respondents"`
	Levels      []Level              `json:"levels"`
	Overall     Overall              `json:"overall"`
	Dimensions  []WorkshopDimension  `json:"dimensions"`
	ByRole      []RoleMeans          `json:"by_role"`
	Questions   []QuestionSpread     `json:"questions"`
	Hotspots    []Hotspot            `json:"hotspots"`
	Gaps        []WorkshopGap        `json:"gaps"`
	Unknowns    []WorkshopUnknown    `json:"unknowns"`
	Plan        Plan                 `json:"plan"`
	// Answers are each respondent's own answers, in the order of
	// Respondents and, within each, of Questions. Only the CSV report
	// writes them: the JSON document is the aggregate.
	Answers [][]RespondentAnswer `json:"-"`
}

// RespondentAnswer is one respondent's answer to one question of a
// workshop: the level (0 unless answered) and the chosen option's label.
type RespondentAnswer struct {
	Status Status
	Level  int
	Label  string
}

// WorkshopRespondent is one respondent's own outcome.
type WorkshopRespondent struct {
	Name       string    `json:"name"`
	Role       string    `json:"role"`
	Org        string    `json:"org"`
	Level      int       `json:"level"`
	LevelName  string    `json:"level_name"`
	Index      float64   `json:"index"`
	AssessedAt time.Time `json:"assessed_at"`
}

// WorkshopDimension is the group's level and score on a dimension, with the
// spread of the respondents' own dimension scores.
type WorkshopDimension struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Weight    float64 `json:"weight"`
	Score     float64 `json:"score"`
	Level     int     `json:"level"`
	LevelName string  `json:"level_name"`
	Mean      float64 `json:"mean"`
	Min       float64 `json:"min"`
	Max       float64 `json:"max"`
	StdDev    float64 `json:"stddev"`
}

// RoleMeans are the mean scores of the respondents of one role.
type RoleMeans struct {
	Role        string          `json:"role"`
	Respondents int             `json:"respondents"`
	Index       float64         `json:"index"`
	Dimensions  []DimensionMean `json:"dimensions"`
}

// DimensionMean is a mean score on one dimension.
type DimensionMean struct {
	ID   string  `json:"id"`
	Mean float64 `json:"mean"`
}

// QuestionSpread is how the respondents answered one question.
type QuestionSpread struct {
	Question  string  `json:"question"`
	Dimension string  `json:"dimension"`
	Prompt    string  `json:"prompt"`
	Topic     string  `json:"topic,omitempty"`
	Status    Status  `json:"status"`
	Mean      float64 `json:"mean"`
	Min       int     `json:"min"`
	Max       int     `json:"max"`
	// Spread is max − min over the answered levels.
	Spread   int        `json:"spread"`
	Answered int        `json:"answered"`
	Unsure   int        `json:"unsure"`
	NA       int        `json:"na"`
	ByRole   []RoleMean `json:"by_role"`
}

// RoleMean is a mean level of one role's answers to a question.
type RoleMean struct {
	Role     string  `json:"role"`
	Mean     float64 `json:"mean"`
	Min      int     `json:"min"`
	Max      int     `json:"max"`
	Answered int     `json:"answered"`
}

// Hotspot is a question where respondents are two or more levels apart:
// where the functions disagree about what is true today.
type Hotspot struct {
	Question  string `json:"question"`
	Dimension string `json:"dimension"`
	Prompt    string `json:"prompt"`
	Spread    int    `json:"spread"`
	// RoleGap is the highest role mean minus the lowest.
	RoleGap float64    `json:"role_gap"`
	Low     HotspotEnd `json:"low"`
	High    HotspotEnd `json:"high"`
	ByRole  []RoleMean `json:"by_role"`
	// Answers lists who answered what, for workshops small enough to read
	// them one by one.
	Answers []HotspotAnswer `json:"answers"`
}

// HotspotEnd is the lowest or highest answer to a hotspot question.
type HotspotEnd struct {
	Level int      `json:"level"`
	Label string   `json:"label"`
	Roles []string `json:"roles"`
}

// HotspotAnswer is one respondent's answer to a hotspot question.
type HotspotAnswer struct {
	Respondent string `json:"respondent"`
	Role       string `json:"role"`
	Status     Status `json:"status"`
	Level      int    `json:"level"`
	Label      string `json:"label"`
}

// WorkshopGap is a question whose mean level is below the group's target.
type WorkshopGap struct {
	Question  string  `json:"question"`
	Dimension string  `json:"dimension"`
	Prompt    string  `json:"prompt"`
	Mean      float64 `json:"mean"`
	// Level is the rung the group's mean answer is on, as scored (the
	// mean is rounded for display, so it cannot be read back from it).
	Level    int     `json:"level,omitempty"`
	Target   int     `json:"target"`
	Next     string  `json:"next"`
	Priority float64 `json:"priority"`
	Topic    string  `json:"topic,omitempty"`
	// Actions are the ids of the group plan's actions that move this
	// answer; empty when none does this quarter.
	Actions []string `json:"actions"`
}

// WorkshopUnknown is a question some respondents were not sure about.
type WorkshopUnknown struct {
	Question  string `json:"question"`
	Dimension string `json:"dimension"`
	Prompt    string `json:"prompt"`
	Help      string `json:"help,omitempty"`
	Unsure    int    `json:"unsure"`
	Of        int    `json:"of"`
}

// Summary is the part of a result a workshop needs. Decoding only this
// keeps aggregation light: the rest of a result is skipped.
type Summary struct {
	Schema        string           `json:"schema"`
	Questionnaire QuestionnaireRef `json:"questionnaire"`
	Respondent    Respondent       `json:"respondent"`
	AssessedAt    time.Time        `json:"assessed_at"`
	Answers       []SummaryAnswer  `json:"answers"`
	Dimensions    []struct {
		ID    string  `json:"id"`
		Score float64 `json:"score"`
	} `json:"dimensions"`
	Overall struct {
		Level     int     `json:"level"`
		LevelName string  `json:"level_name"`
		Index     float64 `json:"index"`
	} `json:"overall"`
}

// SummaryAnswer is the part of an answer a workshop needs.
type SummaryAnswer struct {
	Question string `json:"question"`
	Status   Status `json:"status"`
	Level    int    `json:"level"`
}
