"""Simplified Chinese field descriptions of the evidence models, in GB/T 19001-2016 audit language.

Kept out of ``model.py`` so the models stay readable and a reviewer checks the Chinese in one place. Keyed by
the name of the model class that *declares* the field, then the field name: fields every item inherits
(``id``, ``source``, ...) are translated once, under ``Item``. ``tests/test_descriptions.py`` fails when a
field with an English description has no entry here, or when an entry is left in English.
"""

from __future__ import annotations

DESCRIPTIONS_ZH: dict[str, dict[str, str]] = {
    "ServiceRecord": {
        "signed_for": "signed_by 以何种身份签字：为所实施的工作签字（服务记录的通常栏目）、作为顾客确认服务，或作为审"
        "核人。",
    },
    "LegalRequirement": {
        "mandatory": "对组织具有约束力：强制性标准（GB，而非 GB/T），或组织已采用的推荐性标准；法律法规始终具有约束力"
        "。组织未采用的推荐性标准为 false。",
    },
    "Item": {
        "id": "在本证据档案内唯一的标识；未填写时自动生成。",
        "source": "在何处看到该证据：文件编号、页码、面谈、记录表中的行。",
        "note": "自由备注，原样引用。",
        "record_verdict": "本项所取自的审核记录表行中，审核员在“判定”栏的填写内容，照录原文（如 'N'）；"
        "该栏空白或本项无对应行时不填。",
    },
    "Exclusion": {
        "justification": "该要求不适用的理由（4.3）。",
    },
    "Certificate": {
        "decided_on": "作出授予现行认证证书的认证决定的日期（ISO/IEC 17021-1 9.5）。",
        "status": "认证状态：有效、暂停或撤销（ISO/IEC 17021-1 9.6.5）。",
        "status_since": "认证被暂停或撤销的起始日期。",
    },
    "AuditPlanEntry": {
        "department": "受审核部门，如“管理层”。",
        "escorts": "该部门的主管领导/陪同人员姓名。",
        "auditors": "审核该部门的审核员；未填写时取审核的 `auditors`。",
        "date": "该部门的审核时间；未填写时取审核的 `date`。",
        "topics": "不是条款号的审核条款内容，照录原文，如“上次审核不符合项的验证”。",
        "clauses": "审核计划为该部门所列的审核条款（如 '8.5'）；审核记录表为每个有标题的子条款"
        "（8.5.1 … 8.5.6）各列一行。",
        "source": "该计划条目的来源（审核计划、审核记录表表头）。",
    },
    "Audit": {
        "date": "审核的首日（或唯一一日）；按间隔判定的规则以此为基准日期。",
        "edition": "如 'GB/T 19001-2016' 或 'ISO 9001:2015/Amd 1:2024'。",
        "top_management": "最高管理者的姓名。",
        "business_address": "单独列明时的经营地址。",
        "plan": "审核计划，每个受审核部门一项；用于编排 Word 版审核记录表（`--format docx`），不是证据：规则不读取。",
        "audited_clauses": "本次审核不覆盖整个体系时的审核范围：所审核的条款（含其下级条款），如监督审核抽查的条款、"
        "针对部分体系的内部审核。范围以外的条款在各类报告中均为“未审核”：既不判为符合，也不构成证据缺口。"
        "审核全部条款时（且未填写 audited_departments）请不要填写。规则包中不存在的条款号会在各类报告的提示中列出。",
        "audited_departments": "本次审核覆盖的部门，按 `plan` 中条目的部门名称填写：这些条目所列条款即为审核范围"
        "（与 audited_clauses 合并）。",
    },
    "Person": {
        "internal_auditor": "具备资格并经任命的内部审核员。",
        "responsibilities": "分配给该人员的职责（如岗位职责所列），照录原文。",
        "roles": "记录赋予该人员的其他角色（如陪同人员、项目经理、维护人、检查人），照录原文。",
        "interviewed_on": "就意识（7.3）面谈该人员的日期。",
        "policy_aware": "面谈结果（7.3）：该人员知晓质量方针、相关的质量目标、自身对质量管理体系有效性的贡献"
        "以及不符合要求的后果；其中任一项不知晓时为 false。",
    },
    "Department": {
        "accompanied_by": "审核期间该部门的主管领导/陪同人员。",
        "audited_clauses": "为该部门列明的审核条款。",
    },
    "Process": {
        "steps": "过程的步骤或流程，按顺序照录原文。",
        "documents": "为支持过程运行而保持的成文信息（程序、作业指导书），填编号或标题（4.4.2 a）；"
        "该过程没有时写 []。",
        "validation_required": "该过程的输出不能由后续的监视或测量加以验证，因此应对过程进行确认并定期再确认"
        "（8.5.1 f)）；输出可以验证时为 false。",
        "validated_on": "该过程最近一次确认（或再确认）的日期（8.5.1 f)）。",
        "revalidation_due": "按策划下一次再确认的到期日期。",
    },
    "Risk": {
        "accepted": "经知情决策保留该风险而不采取措施（6.1.2 注1）时为 true；同时填写 acceptance_rationale 和 accepted"
        "_by。",
        "acceptance_rationale": "接受该风险的理由，照录原文。",
        "accepted_by": "作出接受该风险决定的人员。",
        "reviewed_on": "最近一次评审或更新该风险或机遇及其应对措施的日期（6.1、10.2.1 e)）。",
    },
    "Document": {
        "reviewed_on": "最近一次对该文件适宜性进行评审的日期（7.5.2）。",
        "interval_months": "组织文件控制程序规定的该文件定期评审间隔（月）（ISO 9001 未规定）。",
        "clauses": "该文件所针对的条款。",
        "point_of_use_revision": "抽查时在使用处找到的文件版本（7.5.3.2）。",
        "available": "抽查时在需要的场合和时机可获得并适用（7.5.3.1）。",
        "retention": "为记录规定的保存期限（如“3年”）。",
    },
    "Policy": {
        "document": "载有质量方针的受控文件的编号或标题。",
        "commitments": "方针文本中包含的 5.2.1 所要求的承诺。",
    },
    "Objective": {
        "first_result_due": "首期结果应统计的日期，即该目标第一个考核期的期末（本月刚设定的目标尚无结果）。",
        "formula": "指标的计算方法。",
        "target": "照录的目标值，如 '≥95%'。",
        "plan": "实现质量目标的策划：要做什么、需要什么资源、由谁负责、何时完成（6.2.2）。",
    },
    "MeasuringResource": {
        "traceable_to": "校准可溯源到的测量标准（获认可实验室的证书、国家标准），照录原文。",
        "calibration_basis": "不存在上述测量标准时，用作校准或验证依据的成文信息（7.1.5.2 a）。",
        "status_identified": "器具上有校准状态标识（标签）。",
        "out_of_tolerance_on": "发现该器具不适用（超差）的日期。",
        "impact_assessed": "发现超差后，已评价以往测量结果的有效性并采取了适当的措施。",
    },
    "CompetenceRecord": {
        "closes_gap": "为使人员获得其欠缺的能力而采取的培训或其他措施（7.2 c)）时为 true；入职培训、意识培训或复训为 f"
        "alse，7.2 c) 不要求评价其有效性。",
        "person": "人员姓名。",
        "task": "该能力所针对的工作或岗位（如“内审员”“焊接”）。",
        "requirement": "该工作所需的能力（教育、培训或经验）。",
        "evidence": "保留的证据（证书、培训记录）；没有时为 null。",
        "date": "证据的日期（培训举办日期、证书颁发日期）。",
        "expires_on": "资格或证书的失效日期。",
        "performed_on": "看到该人员从事该工作的某一日期。",
        "effectiveness_evaluated_on": "评价培训或其他措施有效性的日期（7.2 c）。",
        "effectiveness_method": "有效性的评价方式（考试、现场观察）。",
    },
    "MaintenanceRecord": {
        "planned_on": "计划（应当）维护的日期。",
        "done_on": "实际完成维护的日期；未完成时为 null。",
    },
    "InfrastructureItem": {
        "maintenance_plan": "维护计划或维护周期，照录原文。",
        "maintenance": "计划的维护及其实际完成时间。",
    },
    "EnvironmentCheck": {
        "parameter": "测量的参数，如“温度”。",
        "action": "超出限值时采取的措施；没有时为 null。",
    },
    "KnowledgeItem": {
        "captured_in": "知识的保存处（知识库、作业指导书、经验教训）。",
        "available_to": "可获取该知识的人员。",
    },
    "Communication": {
        "subject": "沟通的内容。",
        "internal": "内部沟通为 true，外部沟通为 false。",
        "when": "沟通的时机或频次，照录原文。",
        "by": "由谁沟通。",
    },
    "Supplier": {
        "interval_months": "组织采购程序规定的对该外部供方再评价的时间间隔（月）。",
        "supplies": "提供的产品、服务或过程，照录原文。",
        "provision": "8.4.1 a) b) c)：构成组织自身产品和服务的一部分、由外部供方直接提供给顾客，或外部提供的过程。",
        "approved": "已列入合格供方名录。",
        "criteria": "采用的评价和选择准则。",
        "first_used_on": "首次订货或使用的日期。",
        "last_used_on": "最近一次订货或使用的日期。",
        "evaluations": "初次评价和重新评价；没有时写 []。",
        "performance_score": "最近一次绩效监视的得分。",
        "performance_threshold": "组织规定的最低可接受得分。",
        "actions": "针对绩效不佳采取的措施；没有时写 []。",
        "controls": "对外部供方及其输出实施的控制（8.4.2），如进货检验。",
        "requirements_communicated": "订货前已向外部供方沟通要求（提供什么、批准、能力、验证）（8.4.3）。",
        "communicated_via": "采购订单、合同或协议，照录原文。",
    },
    "CustomerProperty": {
        "incident_on": "财产丢失、损坏或发现不适用的日期。",
        "incident": "发生的情况，照录原文。",
        "reported_to_owner_on": "向财产所有者报告的日期；未报告时为 null。",
    },
    "DesignChange": {
        "project": "所属设计和开发项目的编号或名称。",
        "impact_assessed": "已评价更改对产品组成部分和已交付产品的影响。",
        "approved_by": "更改的批准人；无人批准时为 null。",
    },
    "SatisfactionSurvey": {
        "interval_months": "组织程序规定的顾客感受监视时间间隔（月）（9.1.2 未规定频次）。",
        "period": "记录只给出月份或期间时照录的调查日期（如“2020年7月”）；此时 `date` 填该期间的第一天。",
    },
    "Analysis": {
        "date": "分析的日期（报告日期）。",
        "period": "所分析数据的期间，照录原文（如“2020年1-11月”）。",
        "covers": "分析结果用于评价的内容，使用规则包的9.1.3键名（a 产品和服务的符合性 … g 改进的需求）；"
        "分析中说明某项不适用及其理由时也列入，理由写在 `note` 中。",
    },
    "AuditProgramme": {
        "interval_months": "组织自己策划的对整个体系实施内部审核的时间间隔（月），按审核方案或程序文件的规定填写（9.2."
        "1“按照策划的时间间隔”）；原文写法记在 frequency。",
        "covers": "审核方案覆盖的部门或过程。",
        "period_start": "审核方案所策划审核期间的首日（如2020年度方案为 2020-01-01）。",
        "period_end": "审核方案所策划审核期间的末日。",
    },
    "InternalAudit": {
        "date": "实施内部审核的日期（首日）。",
        "programme": "对应的审核方案或审核计划的编号或标题。",
        "auditors": "实施本次内部审核的内审员姓名。",
        "assignments": "哪位审核员审核了哪个部门（用于检查审核员是否审核本人的工作，即审核的客观性和公正性）。",
    },
    "Complaint": {
        "response_days": "组织投诉处理程序规定的答复时限（天）。",
        "justified": "经调查投诉成立：产品、服务或质量管理体系不符合（10.2.1）；调查认定不成立时为 false。",
    },
    "Incident": {
        "nonconformity": "该事故属于产品、服务或过程的不符合（10.2.1）；不属于时为 false。",
    },
    "ManagementReview": {
        "inputs_complete": "会议纪要以“基本涵盖……等”方式非穷尽地列出输入时为 false：此时 inputs 仅为所列部分，未列出的"
        "输入需审核员核实，不能据此认定未予考虑。",
        "output_decisions": "本次管理评审就 9.3.3 哪些输出作出了决定，用本规则包的键名填写（improvement_opportunities "
        "改进机会、system_changes 体系变更需求、resource_needs 资源需求）；纪要写明理由的“无需……”决定同样计入。",
        "interval_months": "组织自己策划的管理评审时间间隔（月），按程序文件或本次纪要的规定填写（9.3.1“按照策划的时间"
        "间隔”）。",
        "date": "管理评审的实施日期（会议纪要上的会议日期）。",
        "chaired_by": "评审的主持人（最高管理者，9.3.1）。",
        "attendees": "参加评审的人员，按会议纪要填写。",
        "inputs": "会议纪要表明已考虑的评审输入（9.3.2），每项一个键；规则包的键列在其证据模板中。",
        "outputs": "记录的决定和措施（9.3.3）：改进的机会、质量管理体系变更的需求、资源需求。",
        "conclusion": "评审对质量管理体系适宜性、充分性和有效性的结论。",
    },
    "Nonconformity": {
        "action_needed": "按 10.2.1 b) 评价是否需要采取措施消除不合格原因：评价结论为无需采取纠正措施时为 false（理由"
        "填在 action_not_needed_reason）。",
        "action_not_needed_reason": "评价认为无需采取纠正措施的理由（10.2.1 b)），照录原文。",
        "effectiveness_verified": "记录表明纠正措施已经验证（可能未注明日期）。",
        "disposition": "对不合格输出的处置方式（8.7.1 a)–d)）；correction 指返工或返修。",
        "decided_by": "对不合格输出处置作出决定的授权人员（8.7.2 d)）；无记录时为 null。",
        "reverified_on": "不合格输出纠正后再次验证其符合性的日期（8.7.1）；未验证时为 null。",
    },
    "DesignProject": {
        "released_on": "设计放行并转入生产或服务提供的日期。",
        "plan_by": "设计和开发策划/输入的编制人。",
        "outputs_by": "设计和开发输出的编制人。",
        "review_result": "照录的设计评审结论。",
        "verification_method": "设计验证的方式。",
        "verification_by": "参加验证的人员。",
        "verification_result": "照录的验证结论。",
        "validation_method": "设计确认的方式。",
        "validation_by": "参加确认的人员。",
        "validation_period": "未给出具体日期时，照录确认所覆盖的期间（如“2020年8-11月”）。",
        "validation_result": "照录的确认结论。",
        "service_starts_on": "策划中规定的服务周期的开始日期。",
        "service_ends_on": "策划中规定的服务周期的结束日期。",
    },
    "Contract": {
        "accepted_on": "组织承诺向顾客提供产品和服务（接受订单）的日期，与签订日期不同时填写。",
        "reviewed_by": "接受订单前评审要求的人员（8.2.3）。",
        "review_result": "评审结果及任何新的要求，照录原文。",
        "requirements": "确定的产品和服务要求，包括适用的法律法规要求（8.2.2）；没有时写 []。",
        "verbal": "顾客未提供成文的要求（口头订单）。",
        "confirmed_on": "接受订单前确认口头要求的日期。",
        "amended_on": "要求最近一次更改的日期（8.2.4）。",
        "amendment_communicated_on": "使相关人员知道已更改的要求并修改相关成文信息的日期。",
        "post_delivery_obligations": "合同规定的交付后活动义务（保修、技术支持、维护）（8.5.5）；没有时写 []。",
    },
    "Release": {
        "approved_by": "在策划的安排完成之前放行、或让步放行时的批准人：有关授权人员或顾客（8.6“除非得到有关授权人员的"
        "批准”）；无人批准时为 null。",
        "instruments": "验证该输出所使用的监视和测量资源，填编号或名称（7.1.5、8.6）。",
        "identification": "放行输出的批号或序列号（8.5.2）。",
        "traceability_required": "可追溯性是该输出的顾客要求、法律法规要求或组织自身的要求。",
    },
}
