package result

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinLevel and MaxLevel bound every maturity level in the model.
const (
	MinLevel = 1
	MaxLevel = 5
)

// Status says how a question was answered.
type Status string

// The three answer states. An unsure answer scores the lowest level and is
// listed as an unknown; a not-applicable answer is left out of scoring.
const (
	Answered Status = "answered"
	Unsure   Status = "unsure"
	NA       Status = "na"
)

// Valid reports whether s is one of the three answer states.
func (s Status) Valid() bool { return s == Answered || s == Unsure || s == NA }

// Labels of the two answers that are not levels.
const (
	NotSureLabel       = "Not sure"
	NotApplicableLabel = "Not applicable"
)

// Roles are the functions a respondent may belong to, as stored in files.
var Roles = []string{"marketing", "sales", "service", "product", "it", "data", "leadership", "other"}

// RoleName is how a role is shown to people: "Marketing", "IT".
func RoleName(role string) string {
	switch role {
	case "it":
		return "IT"
	case "":
		return ""
	}
	return UpperFirst(role)
}

// NormalizeRole maps what a person typed ("IT", " Sales ") to a stored role,
// reporting false when it is not one of Roles.
func NormalizeRole(s string) (string, bool) {
	r := strings.ToLower(strings.TrimSpace(s))
	for _, role := range Roles {
		if r == role {
			return role, true
		}
	}
	return r, false
}

// UpperFirst upper-cases the first letter of s, whatever its length in
// bytes. A string that does not start with valid UTF-8 is returned as it
// is.
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
