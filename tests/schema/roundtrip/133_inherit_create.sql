-- an inheritance child
--- a
create table base (id int, created date);
--- b
create table base (id int, created date);
create table child (extra text) inherits (base);
