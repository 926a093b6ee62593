-- json → jsonb with a default
--- a
create table ev (id int primary key, metadata json not null default '{}'::json);
insert into ev values (1, '{"a":1}');
--- b
create table ev (id int primary key, metadata jsonb not null default '{}'::jsonb);
