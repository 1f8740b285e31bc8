package result

import "time"

// HistorySchema identifies the list of results saved on a machine.
const HistorySchema = "convergence.history/v1"

// History is the results saved on this machine, newest first.
type History struct {
	Schema    string         `json:"schema"`
	Directory string         `json:"directory"`
	Results   []HistoryEntry `json:"results"`
}

// HistoryEntry is one saved result, summarised.
type HistoryEntry struct {
	File          string           `json:"file"`
	AssessedAt    time.Time        `json:"assessed_at"`
	Respondent    Respondent       `json:"respondent"`
	Questionnaire QuestionnaireRef `json:"questionnaire"`
	Level         int              `json:"level"`
	LevelName     string           `json:"level_name"`
	Index         float64          `json:"index"`
	Provisional   bool             `json:"provisional"`
}
