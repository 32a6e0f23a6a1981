#!/usr/bin/env python3
"""Rewrites a MovieLens 100K directory into the 1M (`::`, Latin-1) and the "latest" (CSV) layouts,
so that `evaluate` can be shown to run unchanged on each. The output goes where you say, never
into the project (the GroupLens licence forbids redistributing the data).

    python3 recall-bench/scripts/movielens_layouts.py ../shared/data/ml-100k /tmp/ml100k-as-1m /tmp/ml100k-as-latest
"""
import os
import sys

GENRES = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
          "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
          "Romance", "Sci-Fi", "Thriller", "War", "Western"]


def main():
    src, as_1m, as_latest = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(as_1m, exist_ok=True)
    os.makedirs(as_latest, exist_ok=True)
    ratings = [line.split("\t") for line in
               open(os.path.join(src, "u.data"), encoding="latin-1").read().splitlines()]
    with open(os.path.join(as_1m, "ratings.dat"), "w", encoding="latin-1") as f:
        f.writelines(f"{u}::{i}::{r}::{t}\n" for u, i, r, t in ratings)
    with open(os.path.join(as_latest, "ratings.csv"), "w", encoding="utf-8") as f:
        f.write("userId,movieId,rating,timestamp\n")
        f.writelines(f"{u},{i},{r}.0,{t}\n" for u, i, r, t in ratings)
    movies_1m, movies_csv = [], []
    for line in open(os.path.join(src, "u.item"), encoding="latin-1").read().splitlines():
        f = line.split("|")
        genres = [GENRES[g] for g, flag in enumerate(f[5:24]) if flag == "1"]
        year = f[2][-4:] if len(f[2]) >= 4 else ""
        title = f[1] if f[1].rstrip().endswith(")") or not year else f"{f[1]} ({year})"
        movies_1m.append(f"{f[0]}::{title}::{'|'.join(genres)}\n")
        quoted = title.replace('"', '""')
        movies_csv.append(f'{f[0]},"{quoted}",{"|".join(genres) or "(no genres listed)"}\n')
    with open(os.path.join(as_1m, "movies.dat"), "w", encoding="latin-1") as f:
        f.writelines(movies_1m)
    with open(os.path.join(as_latest, "movies.csv"), "w", encoding="utf-8") as f:
        f.write("movieId,title,genres\n")
        f.writelines(movies_csv)
    users = [line.split("|") for line in
             open(os.path.join(src, "u.user"), encoding="latin-1").read().splitlines()]
    with open(os.path.join(as_1m, "users.dat"), "w", encoding="latin-1") as f:
        # 1M order: id::gender::age::occupation::zip (ages kept in years, not 1M's bucket codes)
        f.writelines(f"{u}::{g}::{a}::{o}::{z}\n" for u, a, g, o, z in users)


if __name__ == "__main__":
    main()
