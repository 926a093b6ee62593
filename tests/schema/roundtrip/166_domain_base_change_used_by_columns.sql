-- a domain that columns use changes base type: a new domain, the columns converted, the old one dropped, renamed
--- a
create domain code as varchar(10) default 'none' check (length(value) > 0);
comment on domain code is 'a short code';
create table items (id int primary key, code code not null default 'x', tags code[], other code);
create index items_code_idx on items (code);
insert into items values (1, 'abc', '{a,b}', 'q'), (2, 'de', null, null);
--- b
create domain code as text default 'none' check (length(value) > 0);
comment on domain code is 'a short code';
create table items (id int primary key, code code not null default 'x', tags code[], other code);
create index items_code_idx on items (code);
insert into items values (1, 'abc', '{a,b}', 'q'), (2, 'de', null, null);
