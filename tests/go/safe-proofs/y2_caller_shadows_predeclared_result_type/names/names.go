// Package names: First returns a string (the predeclared type): indexing it
// is bounds-checked.
package names

// Name is a name.
type Name = string

// First returns the first of all, or "" when there is none.
func First(all []Name) string {
	for _, n := range all {
		return n
	}
	return ""
}
