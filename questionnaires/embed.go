// Package questionnaires embeds the questionnaires that ship with the tool.
package questionnaires

import "embed"

// FS holds every *.yaml questionnaire in this directory.
//
//go:embed *.yaml
var FS embed.FS

// Default is the id of the questionnaire used when none is chosen.
const Default = "convergence-core"
