package result

import "time"

// CompareSchema identifies a comparison document and its version.
const CompareSchema = "convergence.compare/v1"

// Comparison is progress over time: several results of one questionnaire,
// oldest first, with the change between each pair, from first to last, and
// the pace against one level per 90 days.
type Comparison struct {
	Schema        string           `json:"schema"`
	Tool          Tool             `json:"tool"`
	Questionnaire ComparedQuestion `json:"questionnaire"`
	Results       []ComparedResult `json:"results"`
	// Change is from the first result to the last.
	Change Change `json:"change"`
	// Steps are the changes between each result and the next.
	Steps []Change `json:"steps"`
	Pace  Pace     `json:"pace"`
	// Regressions are the levels that went down in the latest step.
	Regressions []Regression `json:"regressions"`
	Notes       []string     `json:"notes"`
}

// ComparedQuestion names the questionnaire the results share.
type ComparedQuestion struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// ComparedResult is the summary of one result in a comparison.
type ComparedResult struct {
	File          string              `json:"file"`
	Respondent    Respondent          `json:"respondent"`
	AssessedAt    time.Time           `json:"assessed_at"`
	Questionnaire QuestionnaireRef    `json:"questionnaire"`
	Level         int                 `json:"level"`
	LevelName     string              `json:"level_name"`
	Score         float64             `json:"score"`
	Index         float64             `json:"index"`
	Provisional   bool                `json:"provisional"`
	Dimensions    []ComparedDimension `json:"dimensions"`
}

// ComparedDimension is one dimension's level and score in one result.
type ComparedDimension struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Level int     `json:"level"`
	Score float64 `json:"score"`
}

// Change is what moved between two results.
type Change struct {
	// From and To index Results.
	From       int              `json:"from"`
	To         int              `json:"to"`
	Days       int              `json:"days"`
	Overall    Delta            `json:"overall"`
	Dimensions []DimensionDelta `json:"dimensions"`
	Moved      []MovedQuestion  `json:"moved"`
}

// Directions of a change. A level decides the direction; when the level is
// the same, so is the direction, whatever the score did.
const (
	Up   = "up"
	Down = "down"
	Same = "same"
)

// Delta is the change of a level, score and index.
type Delta struct {
	FromLevel int     `json:"from_level"`
	ToLevel   int     `json:"to_level"`
	Levels    int     `json:"levels"`
	FromScore float64 `json:"from_score"`
	ToScore   float64 `json:"to_score"`
	Score     float64 `json:"score"`
	FromIndex float64 `json:"from_index"`
	ToIndex   float64 `json:"to_index"`
	Index     float64 `json:"index"`
	Direction string  `json:"direction"`
}

// DimensionDelta is a Delta for one dimension (index is not used).
type DimensionDelta struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Delta
}

// MovedQuestion is an answer that changed level between two results.
type MovedQuestion struct {
	Question   string `json:"question"`
	Dimension  string `json:"dimension"`
	Prompt     string `json:"prompt"`
	FromStatus Status `json:"from_status"`
	FromLevel  int    `json:"from_level"`
	FromLabel  string `json:"from_label"`
	ToStatus   Status `json:"to_status"`
	ToLevel    int    `json:"to_level"`
	ToLabel    string `json:"to_label"`
	Direction  string `json:"direction"`
}

// Pace is progress against the benchmark of one level per 90 days.
type Pace struct {
	Days            int     `json:"days"`
	Levels          int     `json:"levels"`
	LevelsPer90Days float64 `json:"levels_per_90_days"`
	IndexPer90Days  float64 `json:"index_per_90_days"`
	// OnPace is absent when too little time has passed to judge.
	OnPace  *bool  `json:"on_pace,omitempty"`
	Summary string `json:"summary"`
}

// Regression names a level that went down.
type Regression struct {
	// What is "overall" or a dimension id.
	What      string `json:"what"`
	Name      string `json:"name"`
	FromLevel int    `json:"from_level"`
	ToLevel   int    `json:"to_level"`
}
