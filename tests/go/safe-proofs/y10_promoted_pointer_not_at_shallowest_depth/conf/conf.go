// Package conf: in Config, `Limit` is B's field at depth 1, read through the
// embedded pointer *B; A's embedded *C also has a Limit, at depth 2, which Go
// does not select. `Cfg` (depth 2, through A's *C) is another path.
package conf

// C holds limits.
type C struct{ Limit int }

// A embeds *C.
type A struct{ *C }

// B holds limits.
type B struct{ Limit int }

// Config embeds A and *B.
type Config struct {
	A
	*B
}
