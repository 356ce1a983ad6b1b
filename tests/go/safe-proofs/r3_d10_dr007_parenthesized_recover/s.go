package r3d10dr007parenthesizedrecover

var seen any

// note records a panic value if it is called where recover works: directly as
// a deferred function. (recover) is the builtin, parenthesized.
func note() { seen = (recover)() }

// Work panics; its deferred closure calls note, where recover returns nil, so
// the panic goes on to Work's caller.
func Work() {
	defer func() { note() }()
	panic("boom")
}
