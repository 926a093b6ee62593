-- mixed case and spaces
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create schema "My App";
create table "My App"."User Table" ("Id" int primary key, "e mail" text);
create index "Idx E" on "My App"."User Table" ("e mail");
create view "My App"."V" as select "Id" from "My App"."User Table";
