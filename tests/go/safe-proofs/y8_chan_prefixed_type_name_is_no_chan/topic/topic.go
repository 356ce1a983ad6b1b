// Package topic: `channel` is a struct with an interface field, not a
// channel type. Its name starts with "chan": read as a channel, whose values
// compare without panicking, `t.cur == t.next` is proven panic-free. Holding
// the same uncomparable dynamic type (a slice), the comparison panics.
package topic

type channel struct {
	name string
	meta any
}

// Topic has a current and a next channel.
type Topic struct{ cur, next channel }

// Same says whether the current channel is the next one.
func (t *Topic) Same() bool { return t.cur == t.next }

// New returns a topic whose channels both hold meta.
func New(meta any) Topic {
	return Topic{cur: channel{meta: meta}, next: channel{meta: meta}}
}
