"""scenario.toml text of the district example (inputs/synthetic_district.py), in pieces:
the header with its roles, the checkpoint, the schools' rotations, per-school settings,
the rules and solver settings. Comments are the coordinator's, in Chinese."""

HEADER = """\
# 临港区教育系统疫情防控值班：各学校24小时值班（领导带班）与青威高速卡口志愿者夜班。
# 由 inputs/synthetic_district.py 生成（python -m inputs.synthetic_district）。
id = "lingang-district"
name = "临港区教育系统疫情防控值班"
timezone = "Asia/Shanghai"
language = "zh"
start = {start}
end = {end}
roles = ["leader", "staff", "security", "volunteer", "driver"]

[role_names]
leader = "带班领导"
staff = "教职工"
security = "保安"
volunteer = "志愿者"
driver = "司机"
member = "值班人员"
"""

CHECKPOINT = """
[[duties]]
id = "checkpoint-night"
name = "高速卡口夜班"
location = "青威高速临港入口卡口"
start = "17:00"
end = "07:00"                      # 次日 07:00 下班
requires = ["volunteer"]           # 只排报名的志愿者
days = {nights}

  [[duties.groups]]
  id = "1"
  name = "第1组"
  size = 8
  roles = {{ leader = 1 }}

  [[duties.groups]]
  id = "2"
  name = "第2组"
  size = 8
  roles = {{ leader = 1 }}

  [[duties.groups]]
  id = "3"
  name = "第3组"
  size = 8
  roles = {{ leader = 1 }}
"""

ROTATIONS = """
# 各学校24小时值班：每个学校按同一轮值表排班，只排本校人员。
[[rotations]]
id = "leader"
name = "领导带班"
start = "08:00"
end = "17:00"
days = "daily"
requires = ["leader"]              # 校级领导每天1人带班

  [[rotations.groups]]
  id = "1"
  name = "带班"
  size = 1
  roles = { leader = 1 }

[[rotations]]
id = "day"
name = "白天值班"
start = "08:00"
end = "17:00"
days = "workdays"                  # 工作日：值班人员2人
requires = ["staff"]

  [[rotations.groups]]
  id = "1"
  name = "值班"
  size = 2

[[rotations]]
id = "day-rest"
name = "休息日白天值班"
start = "08:00"
end = "17:00"
days = "restdays"                  # 周末和节假日：值班人员1人
requires = ["staff"]

  [[rotations.groups]]
  id = "1"
  name = "值班"
  size = 1

[[rotations]]
id = "night"
name = "夜间值班"
start = "17:00"
end = "08:00"                      # 次日 08:00 交班
days = "daily"
requires = ["staff"]

  [[rotations.groups]]
  id = "1"
  name = "值班"
  size = 1

[[rotations]]
id = "guard"
name = "夜间安保"
start = "17:00"
end = "08:00"
days = "daily"
requires = ["security"]

  [[rotations.groups]]
  id = "1"
  name = "门卫"
  size = 1
  roles = { security = 1 }
"""

OFFICE = """
[schools.{id}]                     # {name}：不排学校值班，只有志愿者
rotations = []
"""

VOCATIONAL = """
[schools.{id}.night]               # {name}（寄宿制）：夜间值班人员2人
groups = [{{ id = "1", name = "值班", size = 2 }}]
"""

SMALL_KG = """
[schools.{id}.day]                 # {name}（民办）：工作日值班人员1人
groups = [{{ id = "1", name = "值班", size = 1 }}]
"""

RULES = """
[rules.cover]
hard = true

[rules.roles]
hard = true

[rules.rest_hours]
min_hours = 11                     # 卡口夜班07:00下班，当天不排学校白班；夜间值班后不接着值班

[rules.max_in_window]
max = 3
days = 7                           # 任意7天内（卡口与学校合计）最多3次

[rules.preferences]
prefer_not_weight = 20
prefer_weight = 0                  # 只计“不希望值班”的日期

[rules.fairness]
categories = { all = 10, weekend = 3, holiday = 3 }

[rules.same_school_group]
weight = 1                         # 卡口同校教师尽量同组，便于拼车

[rules.busy_rest]
before_hours = 2                   # 值班结束到线上课至少2小时
after_hours = 1                    # 线上课结束到值班至少1小时
weight = 5

[calendar]
reminder_minutes = 60

[solver]
time_limit = 120
seed = 1
workers = 2
deterministic = true
deterministic_time = 60
relative_gap = 0.01
"""
