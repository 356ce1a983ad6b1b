module example.com/deferbench

go 1.20
