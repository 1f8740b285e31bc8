package result

import (
	"bytes"
	"encoding/json"
	"time"
)

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
	// Regressions are the levels that went down in the latest step; none
	// when that step is not comparable.
	Regressions []Regression `json:"regressions"`
	Notes       []string     `json:"notes"`
}

// ComparedQuestion names the questionnaire the results share.
type ComparedQuestion struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// ComparedResult is the summary of one result in a comparison. A result is
// identified by who answered, when, and the digest of its file, so the
// document is the same on every machine; the file's path as it was typed
// is kept for the reports people read only.
type ComparedResult struct {
	// File is the path the result was read from, as given ("-" is
	// standard input). It is not part of the JSON document.
	File string `json:"-"`
	// Digest is "sha256:" and the hex SHA-256 of the result file's bytes.
	Digest        string              `json:"digest,omitempty"`
	Respondent    Respondent          `json:"respondent"`
	AssessedAt    time.Time           `json:"assessed_at"`
	Questionnaire QuestionnaireRef    `json:"questionnaire"`
	Level         int                 `json:"level"`
	LevelName     string              `json:"level_name"`
	Score         float64             `json:"score"`
	Index         float64             `json:"index"`
	Provisional   bool                `json:"provisional"`
	Dimensions    []ComparedDimension `json:"dimensions"`
	// Answers are the result's answers with their question and label (no
	// options, help or weights), for the CSV report. They are not part of
	// the JSON document, which lists what moved in its changes.
	Answers []Answer `json:"-"`
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
	From int `json:"from"`
	To   int `json:"to"`
	Days int `json:"days"`
	// Comparable is false when the two results were scored with different
	// versions or wordings of the questionnaire: their levels are on
	// different scales, so every direction in the change is Changed and no
	// level that went down is a regression.
	Comparable bool             `json:"comparable"`
	Overall    Delta            `json:"overall"`
	Dimensions []DimensionDelta `json:"dimensions"`
	Moved      []MovedQuestion  `json:"moved"`
}

// Directions of a change. A level decides the direction; when the level is
// the same, so is the direction, whatever the score did. Changed is a
// change that cannot be read as up or down: an answer that became or
// stopped being "not sure", or anything between results that are not
// comparable.
const (
	Up      = "up"
	Down    = "down"
	Same    = "same"
	Changed = "changed"
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

// DimensionDelta is a Delta for one dimension. A dimension has a score and
// no index, so its JSON leaves the index fields out.
type DimensionDelta struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Delta
}

// MarshalJSON writes the dimension's delta without the index fields.
func (d DimensionDelta) MarshalJSON() ([]byte, error) {
	// The fields in the order of Delta, less the index; HTML characters
	// left as they are, as Marshal leaves them everywhere else.
	v := struct {
		ID        string  `json:"id"`
		Name      string  `json:"name"`
		FromLevel int     `json:"from_level"`
		ToLevel   int     `json:"to_level"`
		Levels    int     `json:"levels"`
		FromScore float64 `json:"from_score"`
		ToScore   float64 `json:"to_score"`
		Score     float64 `json:"score"`
		Direction string  `json:"direction"`
	}{d.ID, d.Name, d.FromLevel, d.ToLevel, d.Levels, d.FromScore, d.ToScore, d.Score, d.Direction}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
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

// Pace is progress against the benchmark of one level per 90 days. The
// rates and OnPace are absent when there is no pace to judge: too little
// time between the first and the last result, a baseline newer than the
// result, or results that are not comparable.
type Pace struct {
	Days            int      `json:"days"`
	Levels          int      `json:"levels"`
	LevelsPer90Days *float64 `json:"levels_per_90_days,omitempty"`
	IndexPer90Days  *float64 `json:"index_per_90_days,omitempty"`
	OnPace          *bool    `json:"on_pace,omitempty"`
	Summary         string   `json:"summary"`
}

// Regression names a level that went down.
type Regression struct {
	// What is "overall" or a dimension id.
	What      string `json:"what"`
	Name      string `json:"name"`
	FromLevel int    `json:"from_level"`
	ToLevel   int    `json:"to_level"`
}
