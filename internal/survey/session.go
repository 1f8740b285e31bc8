package survey

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Session is one sitting of an assessment: what to ask and where the
// answers go.
type Session struct {
	Questionnaire *questionnaire.Questionnaire
	// Draft holds the answers so far; a prompter asks only what it lacks
	// and writes every answer into it.
	Draft *Draft
	// AskName, AskRole and AskOrg ask for the respondent's details that
	// were not given on the command line.
	AskName, AskRole, AskOrg bool
	// Notes asks for a one-line evidence note after a gate question is
	// answered at the gate's level or above.
	Notes bool
	// Save is called after every answer and whenever a page is finished,
	// with Draft up to date.
	Save func()
	// Now is the clock, for telling how old a draft is.
	Now func() time.Time
}

// ErrInterrupted is returned when the person stops the assessment (Ctrl-C)
// or the program is told to stop. The draft holds every answer given.
var ErrInterrupted = errors.New("assessment interrupted")

// EndOfInputError is returned in line mode when the input ends before the
// last question: a script gave too few lines.
type EndOfInputError struct {
	// After is the number of the last question before the input ended, in
	// questionnaire order; 0 when it ended before the first question.
	After int
}

func (e *EndOfInputError) Error() string {
	if e.After == 0 {
		return "input ended before the first question"
	}
	return fmt.Sprintf("input ended after question %d", e.After)
}

// welcomeText is the first screen's body: how long, how many questions, in
// which areas, and that nothing leaves the machine.
func welcomeText(q *questionnaire.Questionnaire) string {
	return Overview(q) + "\nYour answers stay on this machine."
}

// Overview says how long a questionnaire takes, how many questions it asks
// and in which areas: "About 5 minutes, 19 questions in four areas: …".
// The form's first screen and the collect pages open with it.
func Overview(q *questionnaire.Questionnaire) string {
	names := make([]string, len(q.Dimensions))
	for i, d := range q.Dimensions {
		names[i] = d.Name
	}
	minutes := ""
	if q.Minutes > 0 {
		minutes = fmt.Sprintf("About %d minutes, ", q.Minutes)
	}
	return fmt.Sprintf("%s%d questions in %s areas: %s.",
		minutes, len(q.Questions()), number(len(q.Dimensions)), diag.Clean(strings.Join(names, ", ")))
}

// pageTitle is a dimension page's title with the progress through the
// questionnaire: "Data foundation · 1 of 4".
func pageTitle(q *questionnaire.Questionnaire, i int) string {
	return fmt.Sprintf("%s · %d of %d", q.Dimensions[i].Name, i+1, len(q.Dimensions))
}

// choice is one option of a question as offered to the person.
type choice struct {
	Label  string
	Answer Answer
}

// choices lists a question's options in the order they are offered: the
// five levels, "Not sure", and "Not applicable" where the question allows
// it. In line mode, an option's number is its place in this list.
func choices(qu *questionnaire.Question) []choice {
	var out []choice
	for _, o := range qu.Options {
		out = append(out, choice{Label: o.Label, Answer: Answer{Status: result.Answered, Level: o.Level}})
	}
	out = append(out, choice{Label: result.NotSureLabel, Answer: Answer{Status: result.Unsure}})
	if qu.AllowNA {
		out = append(out, choice{Label: result.NotApplicableLabel, Answer: Answer{Status: result.NA}})
	}
	return out
}

// noteHelp words the evidence question after a gate answer.
const noteHelp = "Optional, one line: what shows it today (a field, a system, a report)? Press Enter to skip."

// roleOptions are the roles in the order they are offered.
func roleOptions() []string {
	out := make([]string, len(result.Roles))
	for i, r := range result.Roles {
		out[i] = result.RoleName(r)
	}
	return out
}

func number(n int) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}
