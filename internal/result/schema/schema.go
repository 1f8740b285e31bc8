// Package schema holds the JSON Schemas of the documents the tool writes.
// They are the contract for programs that read results; tests validate
// every JSON output against them.
package schema

import "embed"

// FS holds the schema files, named <document>.v<N>.json.
//
//go:embed *.json
var FS embed.FS
